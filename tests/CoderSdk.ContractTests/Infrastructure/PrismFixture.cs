using System.Collections.Concurrent;
using System.Diagnostics;
using CoderSdk.ContractTests.Infrastructure;

namespace CoderSdk.ContractTests;

/// <summary>All operations' verdicts in one Prism mode.</summary>
internal sealed record ContractMatrix(PrismMode Mode, IReadOnlyDictionary<string, ContractResult> Results, TimeSpan Elapsed);

/// <summary>
/// Starts Prism twice on the pinned spec (static and dynamic responses), installing it with <c>npm ci</c> first when
/// needed, then runs every operation against both in parallel. The test cases only read the verdicts, so the whole
/// matrix costs one pass however the runner orders the cases.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    /// <summary>Concurrent calls per Prism instance: enough to keep two cores busy without queueing inside Node.</summary>
    private const int Parallelism = 6;

    private static readonly PrismMode[] Modes = [PrismMode.Static, PrismMode.Dynamic];

    private readonly Dictionary<PrismMode, PrismServer> _servers = [];
    private readonly Dictionary<PrismMode, Task<ContractMatrix>> _matrices = [];
    private readonly CancellationTokenSource _stopping = new();

    // Shared by every call; connections idle out before Prism's 5 s keep-alive so none is reused after Prism closed it.
    private readonly SocketsHttpHandler _transport = new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
    };

    internal SwaggerDocument Spec { get; private set; } = null!;

    internal string PrismVersion { get; private set; } = string.Empty;

    internal TimeSpan StartupTime { get; private set; }

    internal PrismServer Server(PrismMode mode) => _servers[mode];

    internal Task<ContractMatrix> MatrixAsync(PrismMode mode) => _matrices[mode];

    internal async Task<ContractResult> ResultAsync(PrismMode mode, string operation)
    {
        var matrix = await MatrixAsync(mode);
        return matrix.Results.TryGetValue(operation, out var result)
            ? result
            : throw new InvalidOperationException($"The {mode} run has no verdict for '{operation}'.");
    }

    public async Task InitializeAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        Spec = SwaggerDocument.LoadPinned();
        var (cli, version) = await NodeTools.EnsurePrismAsync(NodeTools.FindPackageDirectory(), _stopping.Token);
        PrismVersion = version;
        var starting = Modes.ToDictionary(mode => mode, mode => PrismServer.StartAsync(cli, Spec.Path, mode, _stopping.Token));
        try
        {
            await Task.WhenAll(starting.Values);
        }
        finally
        {
            foreach (var (mode, start) in starting)
            {
                if (start.IsCompletedSuccessfully)
                {
                    _servers[mode] = start.Result;
                }
            }
        }

        StartupTime = stopwatch.Elapsed;
        foreach (var mode in Modes)
        {
            _matrices[mode] = RunMatrixAsync(_servers[mode]);
        }
    }

    private async Task<ContractMatrix> RunMatrixAsync(PrismServer server)
    {
        var stopwatch = Stopwatch.StartNew();
        var runner = new ContractRunner(Spec, server, _transport);
        var results = new ConcurrentDictionary<string, ContractResult>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            OperationCatalog.All,
            new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = _stopping.Token },
            async (operation, cancellationToken) => results[operation.Key] = await runner.RunAsync(operation, cancellationToken));
        return new ContractMatrix(server.Mode, results, stopwatch.Elapsed);
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_matrices.Values);
        }
        catch (Exception)
        {
            // Stopping mid-run, or a run that failed: the test cases that awaited it have reported that already.
        }

        foreach (var server in _servers.Values)
        {
            await server.DisposeAsync();
        }

        _transport.Dispose();
        _stopping.Dispose();
    }
}

/// <summary>Every test that needs Prism shares one fixture, so Prism starts once per run.</summary>
[CollectionDefinition(Name)]
public sealed class PrismCollection : ICollectionFixture<PrismFixture>
{
    public const string Name = "Prism";
}
