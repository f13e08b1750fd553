using System.Globalization;

namespace CoderSdk.Testing;

/// <summary>One fault the fake server can inject. Create them with the static methods.</summary>
public sealed class FakeFault
{
    private FakeFault(FakeFaultKind kind) => Kind = kind;

    /// <summary>What the fault does.</summary>
    public FakeFaultKind Kind { get; }

    /// <summary>The status sent, for <see cref="FakeFaultKind.Status"/>, <see cref="FakeFaultKind.StatusAfterActing"/> and <see cref="FakeFaultKind.Redirect"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The pause, for the delay kinds.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The <c>Location</c> of a redirect.</summary>
    public Uri? Location { get; private init; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; private init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the fault also applies to WebSocket upgrade requests (log follows, watch-ws). Off by default, so a
    /// policy written for plain requests leaves streams alone; see <see cref="ForWebSocketUpgrades"/>.
    /// </summary>
    public bool AppliesToWebSocketUpgrades { get; private init; }

    /// <summary>
    /// The same fault, applied to WebSocket upgrade requests too: the handshake is answered with the fault's status
    /// or redirect instead of 101. Only <see cref="FakeFaultKind.Status"/>, <see cref="FakeFaultKind.Redirect"/> and
    /// <see cref="FakeFaultKind.Reset"/> make sense there.
    /// </summary>
    /// <returns>A copy that applies to upgrades.</returns>
    public FakeFault ForWebSocketUpgrades() => new(Kind)
    {
        StatusCode = StatusCode,
        Delay = Delay,
        Location = Location,
        Headers = Headers,
        AppliesToWebSocketUpgrades = true,
    };

    /// <summary>Drops the connection before the endpoint runs.</summary>
    public static FakeFault Reset() => new(FakeFaultKind.Reset);

    /// <summary>Answers with <paramref name="statusCode"/> and coderd's error body before the endpoint runs.</summary>
    /// <param name="statusCode">The status, e.g. 503.</param>
    /// <param name="headers">Extra headers, e.g. <c>Retry-After</c>.</param>
    public static FakeFault Status(int statusCode, IReadOnlyDictionary<string, string>? headers = null) =>
        new(FakeFaultKind.Status) { StatusCode = statusCode, Headers = headers ?? new Dictionary<string, string>() };

    /// <summary>Answers 429 the way coderd's rate limiter does: <c>Retry-After</c> and the <c>X-RateLimit-*</c> headers.</summary>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> value (coderd sends 60).</param>
    /// <param name="limit">The <c>X-RateLimit-Limit</c> value (coderd's default is 512).</param>
    public static FakeFault RateLimited(int retryAfterSeconds = 60, int limit = 512) => Status(429, new Dictionary<string, string>
    {
        ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Remaining"] = "0",
        ["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(retryAfterSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Waits <paramref name="delay"/> (or until the client goes away), then lets the endpoint answer.</summary>
    /// <param name="delay">The pause.</param>
    public static FakeFault Slow(TimeSpan delay) => new(FakeFaultKind.Delay) { Delay = delay };

    /// <summary>Answers with a redirect to <paramref name="location"/>.</summary>
    /// <param name="location">Where to send the client (absolute, or relative to the request).</param>
    /// <param name="statusCode">301, 302, 303, 307 or 308.</param>
    public static FakeFault Redirect(Uri location, int statusCode = 307) => new(FakeFaultKind.Redirect) { StatusCode = statusCode, Location = location };

    /// <summary>Runs the endpoint, then sends half its body and drops the connection.</summary>
    public static FakeFault TruncatedBody() => new(FakeFaultKind.TruncatedBody);

    /// <summary>Runs the endpoint, then drops the connection without answering.</summary>
    public static FakeFault ResetAfterActing() => new(FakeFaultKind.ResetAfterActing);

    /// <summary>Runs the endpoint, then closes the connection cleanly without a response byte.</summary>
    public static FakeFault CloseAfterActing() => new(FakeFaultKind.CloseAfterActing);

    /// <summary>Runs the endpoint, then answers <paramref name="statusCode"/> instead of its result.</summary>
    /// <param name="statusCode">The status to send, e.g. 502.</param>
    public static FakeFault StatusAfterActing(int statusCode = 502) => new(FakeFaultKind.StatusAfterActing) { StatusCode = statusCode };

    /// <summary>Runs the endpoint, then waits <paramref name="delay"/> (or until the client goes away) before answering.</summary>
    /// <param name="delay">The pause.</param>
    public static FakeFault SlowAfterActing(TimeSpan delay) => new(FakeFaultKind.DelayAfterActing) { Delay = delay };

    /// <summary>Names the fault.</summary>
    /// <returns>The kind and its status, if any.</returns>
    public override string ToString() => StatusCode == 0 ? Kind.ToString() : $"{Kind} {StatusCode}";
}
