namespace CoderSdk.Http;

/// <summary>
/// Keys the SDK attaches to <see cref="HttpRequestMessage.Options"/> so its handlers know what a request is. Only the
/// route template is public, for handlers of your own to read (a log or metric label without ids); the stream marker,
/// which the SDK's stream code sets on its handshakes, is the SDK's own.
/// </summary>
public static class CoderRequestOptions
{
    /// <summary>The operation's route template, e.g. <c>/api/v2/workspaces/{workspace}</c>; handlers log this instead of the concrete path.</summary>
    public static readonly HttpRequestOptionsKey<string> RouteTemplate = new("CoderSdk.RouteTemplate");

    /// <summary>Set on streaming requests (WebSocket follow/watch upgrades); the resilience pipeline lets them through untouched.</summary>
    internal static readonly HttpRequestOptionsKey<bool> IsStream = new("CoderSdk.IsStream");
}
