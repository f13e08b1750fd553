using CoderSdk.Errors;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// One client's knowledge of the server's version and what it implies: learned once from the first response that
/// carries <c>X-Coder-Build-Version</c> (coderd puts it on every response) or from <c>/api/v2/buildinfo</c>, then used
/// to tell a route the server's release lacks (<see cref="CoderNotSupportedException"/>) from a missing resource.
/// </summary>
/// <remarks>
/// Thread-safe: the learned version is one immutable object set by compare-and-swap, so concurrent first responses
/// keep the first value. After that a response costs one volatile read. The cache is never dropped; only the 404 of an
/// operation with release data looks at its own header again, because that answer is the server's newest word (a
/// deployment upgraded under a long-lived client) and it replaces the cached value when it differs.
/// </remarks>
internal sealed class CoderVersionGate
{
    /// <summary>The response header coderd sends its version in.</summary>
    public const string HeaderName = "X-Coder-Build-Version";

    /// <summary>coderd's message for a resource a route has but the caller may not see: proof that the route exists.</summary>
    private const string ResourceNotFound = "Resource not found or you do not have access to this resource";

    private readonly Func<CoderHttpLog> _log;
    private readonly string _deployment;
    private readonly Func<CancellationToken, Task<string>> _fetchVersion;
    private Reported? _reported;
    private int _checksOffLogged;

    /// <param name="log">The client's log, created on first use.</param>
    /// <param name="deployment">The deployment's origin, for the log line.</param>
    /// <param name="fetchVersion">Reads <c>version</c> from <c>/api/v2/buildinfo</c> through the generated method.</param>
    /// <param name="features">The deployment's license features and experiments, for operations behind them; null to judge by version alone.</param>
    public CoderVersionGate(Func<CoderHttpLog> log, string deployment, Func<CancellationToken, Task<string>> fetchVersion, CoderDeploymentFeatures? features = null)
    {
        _log = log;
        _deployment = deployment;
        _fetchVersion = fetchVersion;
        Features = features;
    }

    /// <summary>The deployment's license features and experiments, read for support checks of gated operations.</summary>
    internal CoderDeploymentFeatures? Features { get; }

    /// <summary>What the server said its version is, and where the SDK read it.</summary>
    /// <param name="Raw">The text as sent.</param>
    /// <param name="Version">The parsed version, or null when the text is not one.</param>
    /// <param name="Source">Where it came from, for reasons and log lines.</param>
    internal sealed record Reported(string Raw, CoderServerVersion? Version, string Source);

    /// <summary>The learned version, or null before any response carried one.</summary>
    internal Reported? Current => Volatile.Read(ref _reported);

    /// <summary>
    /// Tests only: replaces an operation's table entry (to give it release data the generated table does not have yet).
    /// </summary>
    internal Func<CoderOperation, CoderOperation>? OperationMap { get; set; }

    /// <summary>The operation with the release data this client judges it by.</summary>
    public CoderOperation Describe(CoderOperation operation) => OperationMap?.Invoke(operation) ?? operation;

    /// <summary>Learns the version from a response's header, unless it is already known (then: one volatile read).</summary>
    public void Observe(HttpResponseMessage response)
    {
        if (Volatile.Read(ref _reported) is null && ReadHeader(response) is { } raw)
        {
            Learn(raw, $"the {HeaderName} header");
        }
    }

    /// <summary>The server's version: the learned one, else <c>/api/v2/buildinfo</c> read once.</summary>
    public async ValueTask<Reported> GetAsync(CancellationToken cancellationToken)
    {
        if (Current is { } known)
        {
            return known;
        }

        // Concurrent first callers may each ask; the first answer stored wins and all return it.
        var raw = await _fetchVersion(cancellationToken).ConfigureAwait(false);
        return Learn(raw, CoderOperations.GeneralGetBuildInfo.ToString());
    }

    /// <summary>
    /// Whether the server has <paramref name="operation"/>; asks the server's version only when the answer depends on
    /// it, and the deployment's entitlements or experiments only when the operation is behind one (and its release has it).
    /// </summary>
    public async ValueTask<CoderOperationSupport> CheckAsync(CoderApiOperation operation, CancellationToken cancellationToken)
    {
        var described = CoderApiOperation.Of(Describe(operation.Operation));
        CoderOperationSupport support;
        if (!HasReleaseData(described.Operation))
        {
            support = Evaluate(described, Current);
        }
        else
        {
            support = Evaluate(described, await GetAsync(cancellationToken).ConfigureAwait(false));
            if (support.Status == CoderSupportStatus.Unknown)
            {
                ChecksOff(support.Reason);
            }
        }

        // coderd's development builds (v0.0.0-devel) skip the experiment checks that allow it.
        var devBuild = Current?.Version is { Major: 0 };
        return Features is null ? support : await Features.ApplyAsync(support, devBuild, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns the 404 of an operation the server's release lacks into <see cref="CoderNotSupportedException"/>;
    /// any other 404 is returned as it is.
    /// </summary>
    public CoderApiException Judge(CoderNotFoundException notFound, CoderOperation operation, HttpResponseMessage response)
    {
        var described = Describe(operation);
        if (notFound is ICoderGatedException || notFound.CoderMessage.Equals(ResourceNotFound, StringComparison.Ordinal))
        {
            // coderd's message already says why (a gated route, or a resource the route has).
            return notFound;
        }

        var hiddenBy = notFound.CoderMessage.Equals(CoderFeatureGates.RouteNotFound, StringComparison.Ordinal) ? described.HiddenBy : null;
        if (!HasReleaseData(described))
        {
            // Every supported release has the operation, so a route coderd did not register was removed by its setting.
            return hiddenBy is null ? notFound : new CoderFeatureNotFoundException(notFound.Info, hiddenBy, notFound.InnerException);
        }

        var reported = Current;
        if (ReadHeader(response) is { } fresh && fresh != reported?.Raw)
        {
            reported = new Reported(fresh, Parse(fresh), $"the {HeaderName} header");
            Volatile.Write(ref _reported, reported);
        }

        var api = CoderApiOperation.Of(described);
        var support = Evaluate(api, reported);
        switch (support.Status)
        {
            case CoderSupportStatus.NotSupported:
                return new CoderNotSupportedException(notFound.Info, api, support.ServerVersion!, notFound.InnerException);
            case CoderSupportStatus.Unknown:
                // An older release may lack the route as well: say nothing about a setting that cannot be told apart.
                ChecksOff(support.Reason);
                return notFound;
            default:
                return hiddenBy is null ? notFound : new CoderFeatureNotFoundException(notFound.Info, hiddenBy, notFound.InnerException);
        }
    }

    /// <summary>The verdict for an operation given what the server reported.</summary>
    internal static CoderOperationSupport Evaluate(CoderApiOperation operation, Reported? reported)
    {
        var since = operation.IntroducedIn;
        var until = operation.RemovedAfter;
        var server = reported?.Version is { Major: > 0 } usable ? usable : null;
        if (since is null && until is null)
        {
            var why = operation.Operation.Since is null && operation.Operation.Until is null
                ? $"{operation.Name} is in every coderd release the SDK supports ({CoderServerVersion.OldestSupported} and newer)"
                : $"the SDK's release data for {operation.Name} is not a version number, so it is not checked";
            return new CoderOperationSupport(operation, CoderSupportStatus.Supported, server, why);
        }

        if (reported is null)
        {
            return new CoderOperationSupport(operation, CoderSupportStatus.Unknown, null,
                $"coderd has not reported its version (no response carried the {HeaderName} header yet)");
        }

        if (reported.Version is null)
        {
            return new CoderOperationSupport(operation, CoderSupportStatus.Unknown, null,
                $"coderd reports its version as '{CoderServerVersion.Quote(reported.Raw)}' ({reported.Source}), which is not a release number");
        }

        if (server is null)
        {
            return new CoderOperationSupport(operation, CoderSupportStatus.Unknown, reported.Version,
                $"coderd reports {reported.Version} ({reported.Source}), a development build without a release tag");
        }

        if (!operation.IsAvailableIn(server))
        {
            return new CoderOperationSupport(operation, CoderSupportStatus.NotSupported, server, since is not null && server < since
                ? $"{operation.Name} was introduced in coderd {since} and the server runs {server}"
                : $"{operation.Name} is last known in coderd {until} and the server runs {server}");
        }

        var range = since is null ? $"up to {until}" : until is null ? $"from {since}" : $"from {since} to {until}";
        return new CoderOperationSupport(operation, CoderSupportStatus.Supported, server,
            $"{operation.Name} is in coderd {range} and the server runs {server}");
    }

    private static bool HasReleaseData(CoderOperation operation) => operation.Since is not null || operation.Until is not null;

    private static CoderServerVersion? Parse(string raw) => CoderServerVersion.TryParse(raw, out var version) ? version : null;

    private static string? ReadHeader(HttpResponseMessage response)
    {
        if (response.Headers.NonValidated.TryGetValues(HeaderName, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }

    private Reported Learn(string raw, string source)
    {
        var learned = new Reported(raw, Parse(raw), source);
        return Interlocked.CompareExchange(ref _reported, learned, null) ?? learned;
    }

    /// <summary>Says once per client that version checks are off, and why.</summary>
    private void ChecksOff(string reason)
    {
        if (Interlocked.Exchange(ref _checksOffLogged, 1) == 0)
        {
            _log().VersionChecksOff(_deployment, reason);
        }
    }
}
