using System.Diagnostics;
using CoderSdk.Configuration;
using CoderSdk.Errors;

namespace CoderSdk.Pipeline;

/// <summary>
/// Runs <see cref="CoderClientOptions.HeaderCommand"/> the way the Coder CLI runs <c>--header-command</c>: through the
/// platform shell with <c>CODER_URL</c> in its environment, reading one <c>key=value</c> header per line of its output.
/// The output is reused for <see cref="CoderClientOptions.HeaderCommandRefreshInterval"/>; concurrent requests share one run.
/// </summary>
internal sealed class CoderHeaderCommand
{
    private const int StderrExcerptLength = 300;

    private readonly string _command;
    private readonly string _url;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly CoderHttpLog _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IReadOnlyList<KeyValuePair<string, string>>? _cached;
    private long _fetchedAt;

    public CoderHeaderCommand(CoderClientOptions options, CoderHttpLog log)
    {
        _command = options.HeaderCommand!;
        _url = options.BaseUrl!.GetLeftPart(UriPartial.Authority);
        _refreshInterval = options.HeaderCommandRefreshInterval;
        _timeout = options.HeaderCommandTimeout;
        _time = options.TimeProvider;
        _log = log;
    }

    public async ValueTask<IReadOnlyList<KeyValuePair<string, string>>> GetHeadersAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            var headers = await RunAsync(cancellationToken).ConfigureAwait(false);
            _cached = headers;
            _fetchedAt = _time.GetTimestamp();
            _log.HeaderCommandRan(headers.Count, string.Join(", ", headers.Select(h => h.Key)));
            return headers;
        }
        catch (CoderHeaderCommandException ex)
        {
            _log.HeaderCommandFailed(ex.Message);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private IReadOnlyList<KeyValuePair<string, string>>? Fresh()
    {
        var cached = _cached;
        if (cached is null)
        {
            return null;
        }

        return _refreshInterval == Timeout.InfiniteTimeSpan || _time.GetElapsedTime(_fetchedAt) < _refreshInterval ? cached : null;
    }

    private async Task<IReadOnlyList<KeyValuePair<string, string>>> RunAsync(CancellationToken cancellationToken)
    {
        var windows = OperatingSystem.IsWindows();
        var start = new ProcessStartInfo(windows ? "cmd.exe" : "sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        start.ArgumentList.Add(windows ? "/c" : "-c");
        start.ArgumentList.Add(_command);
        start.Environment["CODER_URL"] = _url;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CoderHeaderCommandException("The header command could not be started.");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new CoderHeaderCommandException($"The header command could not be started: {ex.Message}", ex);
        }

        using (process)
        {
            using var timeout = _timeout == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(_timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            var stdout = process.StandardOutput.ReadToEndAsync(linked.Token);
            var stderr = process.StandardError.ReadToEndAsync(linked.Token);
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
                await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                cancellationToken.ThrowIfCancellationRequested();
                throw new CoderHeaderCommandException($"The header command did not finish within {CoderResilienceOptions.Format(_timeout)} and was stopped.");
            }

            if (process.ExitCode != 0)
            {
                var excerpt = stderr.Result.Trim();
                if (excerpt.Length > StderrExcerptLength)
                {
                    excerpt = excerpt[..StderrExcerptLength] + "…";
                }

                throw new CoderHeaderCommandException(
                    $"The header command exited with code {process.ExitCode}{(excerpt.Length > 0 ? ": " + excerpt : " and wrote nothing to standard error")}.",
                    exitCode: process.ExitCode);
            }

            return Parse(stdout.Result);
        }
    }

    /// <summary>Reads <c>key=value</c> lines; blank lines are skipped. Errors name the line, never its value.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Parse(string output)
    {
        var headers = new List<KeyValuePair<string, string>>();
        var number = 0;
        foreach (var raw in output.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new CoderHeaderCommandException($"Line {number} of the header command's output is not key=value.");
            }

            var name = line[..equals];
            if (!CoderHeaderText.IsValidName(name))
            {
                throw new CoderHeaderCommandException($"Line {number} of the header command's output names an invalid header '{name}'.");
            }

            if (string.Equals(name, CoderCredentialStep.SessionTokenHeader, StringComparison.OrdinalIgnoreCase))
            {
                throw new CoderHeaderCommandException($"Line {number} of the header command's output sets {CoderCredentialStep.SessionTokenHeader}; supply the token through a token provider instead.");
            }

            var value = line[(equals + 1)..];
            if (!CoderHeaderText.IsValidValue(value))
            {
                throw new CoderHeaderCommandException($"Line {number} of the header command's output has a control character in the value of '{name}'.");
            }

            headers.Add(new(name, value));
        }

        return headers;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited in the meantime.
        }
    }
}

/// <summary>What may appear in HTTP header names and values.</summary>
internal static class CoderHeaderText
{
    public static bool IsValidName(string name) =>
        name.Length > 0 && name.All(c => c > ' ' && c < 127 && c is not ':' and not '(' and not ')' and not ',' and not ';' and not '"');

    public static bool IsValidValue(string value) => !value.Any(c => c is '\r' or '\n' or '\0');
}
