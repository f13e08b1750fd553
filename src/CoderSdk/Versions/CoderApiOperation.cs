using CoderSdk.Apis;

namespace CoderSdk.Versions;

/// <summary>
/// One operation of the Coder API as this SDK knows it: the area method that calls it, its HTTP method and route
/// template, and the coderd releases that have it. Find one with <see cref="Get{TApi}(string)"/>, e.g.
/// <c>CoderApiOperation.Get&lt;IWorkspacesApi&gt;(nameof(IWorkspacesApi.GetAsync))</c>.
/// </summary>
/// <remarks>
/// The release data comes from the release history the SDK was generated from (see <c>docs/versions.md</c>):
/// <see cref="IntroducedIn"/> is the first release in that history whose API has the operation, and
/// <see cref="RemovedAfter"/> the last one that had it when a newer release no longer does.
/// </remarks>
public sealed class CoderApiOperation
{
    // One descriptor per table entry, made on first use; Get and the client's checks hand out these.
    private static readonly Lazy<Dictionary<CoderOperation, CoderApiOperation>> ByOperation =
        new(() => CoderOperations.All.Concat(CoderOperations.Streams).ToDictionary<CoderOperation, CoderOperation, CoderApiOperation>(o => o, o => new CoderApiOperation(o), ReferenceEqualityComparer.Instance));

    private static readonly Lazy<IReadOnlyList<CoderApiOperation>> Every =
        new(() => [.. CoderOperations.All.Concat(CoderOperations.Streams).Select(Of)]);

    internal CoderApiOperation(CoderOperation operation)
    {
        Operation = operation;
        IntroducedIn = CoderServerVersion.TryParse(operation.Since, out var since) ? since : null;
        RemovedAfter = CoderServerVersion.TryParse(operation.Until, out var until) ? until : null;
    }

    /// <summary>
    /// Every operation the SDK calls: first the area interfaces' methods in area and method order, then the streams
    /// the stream methods follow (<see cref="IsStream"/>), in the same order; a stream with a Server-Sent Events
    /// fallback has one entry per route, under the same <see cref="Name"/>.
    /// </summary>
    public static IReadOnlyList<CoderApiOperation> All => Every.Value;

    /// <summary>The API area, the name of the <see cref="ICoderClient"/> property (<c>Workspaces</c>).</summary>
    public string Area => Operation.Area;

    /// <summary>The area interface's method (<c>GetAsync</c>).</summary>
    public string MethodName => Operation.MethodName;

    /// <summary>Area and method, <c>Workspaces.GetAsync</c>: how the SDK names the operation in messages.</summary>
    public string Name => Operation.ActivityName;

    /// <summary>coderd's operation id from its API document (<c>get-workspace-metadata-by-id</c>).</summary>
    public string OperationId => Operation.OperationId;

    /// <summary>The HTTP method in upper case.</summary>
    public string HttpMethod => Operation.HttpMethod;

    /// <summary>The route template, e.g. <c>/api/v2/workspaces/{workspace}</c>.</summary>
    public string Route => Operation.Route;

    /// <summary>
    /// The first coderd release known to have the operation, or <see langword="null"/> when every release the SDK
    /// supports has it (from <see cref="CoderServerVersion.OldestSupported"/> on).
    /// </summary>
    public CoderServerVersion? IntroducedIn { get; }

    /// <summary>The last coderd release known to have the operation when newer ones dropped it; otherwise <see langword="null"/>.</summary>
    public CoderServerVersion? RemovedAfter { get; }

    /// <summary>
    /// True for a WebSocket or Server-Sent Events stream that a method of <see cref="ICoderStreams"/> follows
    /// (<c>Streams.WatchChatsAsync</c>), rather than a request/response method of an area interface.
    /// </summary>
    public bool IsStream => Operation.Response == CoderResponseKind.Stream;

    /// <summary>
    /// The switches coderd checks before it serves the operation, outermost first: license features, experiments and
    /// deployment settings (empty for most operations). The SDK's table follows coderd v2.36.0's route registration;
    /// <see cref="ICoderClient.CheckSupportAsync"/> compares the license features and experiments with the deployment's.
    /// </summary>
    public IReadOnlyList<CoderFeatureGate> Gates => _gates ??= [.. Operation.AllGates.Select(f => f.Gate)];

    private IReadOnlyList<CoderFeatureGate>? _gates;

    /// <summary>The generated table's entry.</summary>
    internal CoderOperation Operation { get; }

    /// <summary>
    /// The operation an area method calls, or the stream a method of <see cref="ICoderStreams"/> follows
    /// (<c>CoderApiOperation.Get&lt;ICoderStreams&gt;(nameof(ICoderStreams.WatchChatsAsync))</c>; for a stream with a
    /// server-sent events fallback, its WebSocket route).
    /// </summary>
    /// <typeparam name="TApi">The area interface, e.g. <see cref="IWorkspacesApi"/>.</typeparam>
    /// <param name="methodName">The method, best given with <c>nameof(IWorkspacesApi.GetAsync)</c>.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TApi"/> has no method <paramref name="methodName"/> that calls a Coder operation.</exception>
    public static CoderApiOperation Get<TApi>(string methodName) where TApi : class => Get(typeof(TApi), methodName);

    /// <summary>The operation an area method calls or a stream method follows (see <see cref="Get{TApi}(string)"/>).</summary>
    /// <param name="api">The area interface, e.g. <c>typeof(IWorkspacesApi)</c>, or <c>typeof(ICoderStreams)</c>.</param>
    /// <param name="methodName">The method name.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="api"/> has no method <paramref name="methodName"/> that calls a Coder operation.</exception>
    public static CoderApiOperation Get(Type api, string methodName)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(methodName);
        var operation = CoderOperations.Find(api, methodName) ?? CoderOperations.FindStream(api, methodName) ?? throw new ArgumentException(
            $"{api.Name}.{methodName} is not a Coder API operation: expected an area interface of CoderSdk (such as IWorkspacesApi) or ICoderStreams and one of its method names, e.g. nameof(IWorkspacesApi.GetAsync).",
            nameof(methodName));
        return Of(operation);
    }

    /// <summary>The descriptor of a table entry (the same instance every time), or a new one for an entry a test changed.</summary>
    internal static CoderApiOperation Of(CoderOperation operation) =>
        ByOperation.Value.TryGetValue(operation, out var known) ? known : new CoderApiOperation(operation);

    /// <summary>Whether a server of <paramref name="version"/> has the operation, going by the SDK's release data.</summary>
    /// <param name="version">The server's version.</param>
    /// <returns>False when the server predates <see cref="IntroducedIn"/> or is newer than <see cref="RemovedAfter"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="version"/> is null.</exception>
    public bool IsAvailableIn(CoderServerVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return !(IntroducedIn is { } since && version < since) && !(RemovedAfter is { } until && version > until);
    }

    /// <summary>Name and route: <c>Workspaces.GetAsync (GET /api/v2/workspaces/{workspace})</c>.</summary>
    /// <returns>The operation's name and route template.</returns>
    public override string ToString() => $"{Name} ({HttpMethod} {Route})";
}
