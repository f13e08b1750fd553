namespace CoderSdk.Http;

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

        if (state.Operation is null && CoderRequestOptions.Recognise(request) is { } operation)
        {
            state.Operation = operation;
        }

        return state;
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
