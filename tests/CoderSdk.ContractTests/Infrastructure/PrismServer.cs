using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>How Prism builds its responses.</summary>
public enum PrismMode
{
    /// <summary>Examples from the spec, or a fixed value per schema type.</summary>
    Static,

    /// <summary>Data generated from the schemas (<c>-d</c>), with a fixed seed so runs repeat.</summary>
    Dynamic,
}

/// <summary>One <c>prism mock</c> process serving the pinned spec on 127.0.0.1.</summary>
internal sealed class PrismServer : IAsyncDisposable
{
    /// <summary>The dynamic-mode seed: fixed so a failure found once is found again.</summary>
    public const string DynamicSeed = "coder-sdk-contract";

    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly OutputTail _output;

    private PrismServer(Process process, OutputTail output, Uri baseUrl, PrismMode mode)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        Mode = mode;
    }

    public Uri BaseUrl { get; }

    public PrismMode Mode { get; }

    /// <summary>Prism's last log lines.</summary>
    public string OutputTail => _output.ToString();

    public static async Task<PrismServer> StartAsync(string cliScript, string specPath, PrismMode mode, CancellationToken cancellationToken)
    {
        // A port picked here can be taken before Prism binds it; try a few.
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(cliScript, specPath, mode, FreePort());
            try
            {
                await server.WaitUntilAnsweringAsync(cancellationToken);
                return server;
            }
            catch (PrismStartException) when (attempt < 3 && server.OutputTail.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    private static PrismServer Launch(string cliScript, string specPath, PrismMode mode, int port)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments = [cliScript, "mock", specPath, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-v", "warn"];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (mode == PrismMode.Dynamic)
        {
            foreach (var argument in (string[])["-d", "--seed", DynamicSeed, "--json-schema-faker-fillProperties=false"])
            {
                start.ArgumentList.Add(argument);
            }
        }

        var output = new OutputTail();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrismServer(process, output, new Uri($"http://127.0.0.1:{port}/"), mode);
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new PrismStartException($"Prism ({Mode}) exited with code {_process.ExitCode} before it answered on {BaseUrl}. Its last output:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                // buildinfo needs no token, so any answer at all means Prism is serving the spec.
                using var response = await probe.GetAsync(new Uri(BaseUrl, "api/v2/buildinfo"), cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (stopwatch.Elapsed > StartupTimeout)
                {
                    throw new PrismStartException($"Prism ({Mode}) did not answer on {BaseUrl} within {StartupTimeout.TotalSeconds:0} s. Its last output:{Environment.NewLine}{OutputTail}");
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }
}

/// <summary>Prism could not be started; the message carries its last output.</summary>
internal sealed class PrismStartException(string message) : Exception(message);
