using Polly;

namespace CoderSdk.Pipeline;

/// <summary>Keys under which the SDK stores facts in the Polly <see cref="ResilienceContext"/> of each request.</summary>
public static class CoderResilienceKeys
{
    /// <summary>The request being sent.</summary>
    public static readonly ResiliencePropertyKey<HttpRequestMessage> Request = new("CoderSdk.Request");
}
