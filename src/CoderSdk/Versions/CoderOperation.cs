using CoderSdk.Auth;
using CoderSdk.Http;

namespace CoderSdk.Versions;

/// <summary>How a generated operation reads coderd's answer.</summary>
internal enum CoderResponseKind
{
    /// <summary>No body is read.</summary>
    None,

    /// <summary>A JSON body.</summary>
    Json,

    /// <summary>A JSON body, or nothing for the operation's documented empty status (204, 304).</summary>
    JsonOrNothing,

    /// <summary>The raw body as bytes.</summary>
    Bytes,

    /// <summary>The raw body as text.</summary>
    Text,

    /// <summary>The <c>Location</c> of a documented redirect.</summary>
    Redirect,

    /// <summary>A WebSocket or Server-Sent Events stream the SDK's stream methods follow (not a Refit call).</summary>
    Stream,
}

/// <summary>
/// What the SDK knows about one generated operation beyond what Refit knows: its route template, its exact success
/// statuses and how its answer is read. The generated <c>CoderOperations</c> table holds one per method; the
/// runtime finds it from the interface type and method name Refit puts in the request options, without reflection.
/// </summary>
/// <param name="Area">The API area (<c>Workspaces</c>).</param>
/// <param name="MethodName">The interface method (<c>GetAsync</c>).</param>
/// <param name="OperationId">The spec's operation id.</param>
/// <param name="HttpMethod">The HTTP method in upper case.</param>
/// <param name="Route">The route template, e.g. <c>/api/v2/workspaces/{workspace}</c>.</param>
/// <param name="Response">How the answer is read.</param>
/// <param name="ResponseType">The C# type the answer is read as (empty when none).</param>
/// <param name="EmptyStatus">For <see cref="CoderResponseKind.JsonOrNothing"/>, the status that carries no body; otherwise 0.</param>
/// <param name="Statuses">The statuses that count as success.</param>
/// <param name="Since">The first coderd release whose API has the operation (<c>v2.29.0</c>), or <see langword="null"/>
/// when every supported release has it.</param>
/// <param name="Until">The last release known to have it when a newer spec no longer does, otherwise <see langword="null"/>.</param>
/// <param name="Credential">What the operation authenticates with, from its security scheme.</param>
/// <param name="Gates">The deployment switches coderd checks before it serves the operation, outermost first, from the
/// generator's rules (<c>FeatureGateRules</c>); null when none.</param>
internal sealed record CoderOperation(
    string Area,
    string MethodName,
    string OperationId,
    string HttpMethod,
    string Route,
    CoderResponseKind Response,
    string ResponseType,
    int EmptyStatus,
    int[] Statuses,
    string? Since = null,
    string? Until = null,
    CoderCredential Credential = CoderCredential.SessionToken,
    CoderOperationGate[]? Gates = null)
{
    /// <summary>True when coderd's documented answer is a redirect, which the SDK returns instead of following.</summary>
    public bool ExpectsRedirect { get; } = Array.Exists(Statuses, s => s is >= 300 and < 400);

    /// <summary>The name of the call's activity (<c>Workspaces.GetAsync</c>), built once.</summary>
    public string ActivityName { get; } = $"{Area}.{MethodName}";

    /// <summary>The gates of the operation, outermost first (empty for most operations).</summary>
    public CoderOperationGate[] AllGates => Gates ?? [];

    /// <summary>The deployment-setting gate that explains a <c>Route not found.</c> answer, when the operation has one.</summary>
    public CoderFeatureGate? HiddenBy => Array.Find(AllGates, g => g.Kind == CoderGateKind.DeploymentFlag)?.Gate;

    /// <summary>True when <paramref name="status"/> is one of the operation's success statuses.</summary>
    public bool Accepts(int status) => Array.IndexOf(Statuses, status) >= 0;

    /// <summary><c>GET /api/v2/workspaces/{workspace}</c>.</summary>
    public override string ToString() => $"{HttpMethod} {Route}";
}

/// <summary>The facts of one call that error messages name: method, route template, escaped path (never the query) and the success statuses.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RouteTemplate">The route template.</param>
/// <param name="RequestPath">The concrete, escaped path without the query.</param>
/// <param name="ExpectedStatuses">The statuses that count as success.</param>
internal readonly record struct CoderCall(string Method, string RouteTemplate, string RequestPath, int[] ExpectedStatuses)
{
    /// <summary>The call a Refit request makes, described by its operation.</summary>
    public static CoderCall Of(HttpRequestMessage request, CoderOperation operation) =>
        new(request.Method.Method, operation.Route, request.RequestUri?.AbsolutePath ?? operation.Route, operation.Statuses);

    /// <summary>A call the operation table does not describe (a request made by other code through the SDK's client).</summary>
    public static CoderCall Unknown(HttpRequestMessage? request) =>
        new(request?.Method.Method ?? "?", request is null ? "(unknown)" : CoderHttpText.RouteOf(request), request?.RequestUri?.AbsolutePath ?? "(unknown)", []);
}

/// <summary>One switch an operation depends on, and whether a development build of coderd skips it.</summary>
/// <param name="Kind">License feature, experiment or deployment setting.</param>
/// <param name="Feature">coderd's name of the switch.</param>
/// <param name="DevBypass">coderd's development builds (<c>v0.0.0-devel</c>) open this experiment gate whatever the experiments say.</param>
internal sealed record CoderOperationGate(CoderGateKind Kind, string Feature, bool DevBypass = false)
{
    /// <summary>The public description of the gate.</summary>
    public CoderFeatureGate Gate { get; } = new(Kind, Feature);
}
