namespace CoderSdk.Http;

/// <summary>
/// What the SDK's handlers note about one call, kept in a single entry of the request's options: the generated
/// operation it calls, the attempt being sent and the client's secret scrubber. One entry instead of one per fact
/// keeps the option dictionary Refit creates at its first size and boxes nothing per attempt.
/// </summary>
internal sealed class CoderCallState
{
    private static readonly HttpRequestOptionsKey<CoderCallState> Key = new("CoderSdk.Call");

    /// <summary>The generated operation, once recognised.</summary>
    public CoderOperation? Operation { get; set; }

    /// <summary>The attempt being sent (1 for the first); the resilience handler counts them.</summary>
    public int Attempt { get; set; } = 1;

    /// <summary>The per-call settings of the client view that made the call, if any.</summary>
    public CoderCallOptions? CallOptions { get; set; }

    /// <summary>The scrubber of the client that sends the request.</summary>
    public CoderSecretScrubber? Secrets { get; set; }

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

    /// <summary>The state of <paramref name="request"/> when a handler has noted one, else null.</summary>
    public static CoderCallState? Find(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var state) ? state : null;
}
