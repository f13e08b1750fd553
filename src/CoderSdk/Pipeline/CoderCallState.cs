using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// One call through the SDK's pipeline, as a value: the generated operation it calls (recognised once, when the call
/// enters the pipeline), the attempt being sent, the client's secret scrubber and version knowledge, and the per-call
/// settings of the client view that made it. <see cref="CoderPipelineHandler"/> makes it when the call starts and
/// hands it to every step as an argument; it is also kept in one entry of the request's options, for the code that
/// reads the answer after the pipeline (Refit's exception factories, the view's response callback).
/// </summary>
internal sealed class CoderCallState
{
    private static readonly HttpRequestOptionsKey<CoderCallState> Key = new("CoderSdk.Call");

    /// <summary>The key under which a connection's Refit settings and its own requests carry its version knowledge.</summary>
    internal const string VersionsKey = "CoderSdk.Versions";

    private static readonly HttpRequestOptionsKey<CoderVersionGate> VersionsOption = new(VersionsKey);

    private static readonly HttpRequestOptionsKey<Type> RefitInterface = new(global::Refit.HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<string> RefitMethod = new(global::Refit.HttpRequestMessageOptions.MethodName);

    /// <summary>The generated operation, or null for a request the table does not describe (a raw send, a stream).</summary>
    public CoderOperation? Operation { get; private set; }

    /// <summary>The attempt being sent (1 for the first); the resilience step counts them.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The per-call settings of the client view that made the call, if any.</summary>
    public CoderCallOptions? CallOptions { get; set; }

    /// <summary>The scrubber of the client that sends the request.</summary>
    public CoderSecretScrubber? Secrets { get; set; }

    /// <summary>The sending client's version knowledge; it learns from every answer the call gets.</summary>
    public CoderVersionGate? Versions { get; private set; }

    /// <summary>True for a stream handshake (WebSocket upgrade or Server-Sent Events): retries and body reads let it through.</summary>
    public bool IsStream { get; private set; }

    /// <summary>
    /// The call of <paramref name="request"/> as it enters the pipeline: the state a client view already made, or a
    /// new one, with the operation recognised from what Refit recorded (the one lookup of a call's operation) and the
    /// connection's version knowledge taken from the request.
    /// </summary>
    public static CoderCallState Begin(HttpRequestMessage request)
    {
        var state = Of(request);
        state.IsStream = CoderHttpText.IsStream(request);
        if (state.Versions is null && request.Options.TryGetValue(VersionsOption, out var versions))
        {
            state.Versions = versions;
        }

        if (state.Operation is null && Recognise(request) is { } operation)
        {
            state.Operation = operation;
        }

        return state;
    }

    /// <summary>
    /// The operation of <paramref name="request"/>: the one its call already recognised, else the one the interface type
    /// and method name Refit records name in the generated table (its route template is then noted on the request for
    /// handlers of the caller's own). Refit's generated code hands over nothing else that identifies
    /// the method, so this is the one lookup, made when the call enters the pipeline.
    /// </summary>
    public static CoderOperation? OperationOf(HttpRequestMessage request) => Find(request)?.Operation ?? Recognise(request);

    /// <summary>The secret scrubber of the call that got <paramref name="response"/>, if it went through the pipeline.</summary>
    public static CoderSecretScrubber? SecretsOf(HttpResponseMessage? response) => Find(response?.RequestMessage)?.Secrets;

    /// <summary>Looks the operation of a Refit request up in the generated table; see <see cref="OperationOf"/>.</summary>
    private static CoderOperation? Recognise(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(RefitInterface, out var api) || !request.Options.TryGetValue(RefitMethod, out var method) ||
            CoderOperations.Find(api, method) is not { } operation)
        {
            return null;
        }

        request.Options.Set(CoderRequestOptions.RouteTemplate, operation.Route);
        return operation;
    }

    /// <summary>Marks <paramref name="request"/> as sent by the connection whose version knowledge is <paramref name="versions"/>.</summary>
    public static void SentBy(HttpRequestMessage request, CoderVersionGate versions) => request.Options.Set(VersionsOption, versions);

    /// <summary>The state of <paramref name="request"/>, created on first use.</summary>
    public static CoderCallState Of(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(Key, out var state))
        {
            state = new CoderCallState();
            request.Options.Set(Key, state);
        }

        return state;
    }

    /// <summary>The state of <paramref name="request"/> once its call has entered the pipeline, else null.</summary>
    public static CoderCallState? Find(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var state) ? state : null;
}
