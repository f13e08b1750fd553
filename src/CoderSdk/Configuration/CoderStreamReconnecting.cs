using CoderSdk.Errors;

namespace CoderSdk.Configuration;

/// <summary>What <see cref="CoderStreamOptions.OnReconnecting"/> is told before a stream reconnects.</summary>
public sealed class CoderStreamReconnecting
{
    internal CoderStreamReconnecting(string streamName, int attempt, TimeSpan delay, Exception cause)
    {
        StreamName = streamName;
        Attempt = attempt;
        Delay = delay;
        Cause = cause;
    }

    /// <summary>The stream's method and route template, e.g. <c>GET /api/v2/workspacebuilds/{workspacebuild}/logs</c>.</summary>
    public string StreamName { get; }

    /// <summary>
    /// The number of this attempt among the reconnects in a row that have not delivered anything yet: 1 after a
    /// connection that delivered data, then 2, 3, ... up to <see cref="CoderStreamOptions.MaxReconnectAttempts"/>.
    /// </summary>
    public int Attempt { get; }

    /// <summary>How long the stream waits before it connects again.</summary>
    public TimeSpan Delay { get; }

    /// <summary>
    /// What ended the previous connection or attempt: a <see cref="CoderStreamInterruptedException"/> (closed early,
    /// dropped, silent, or a message that did not complete in time), a transient <see cref="CoderApiException"/>
    /// (408, 429, 5xx), or a transport failure (<see cref="HttpRequestException"/>, <see cref="System.Net.WebSockets.WebSocketException"/>,
    /// <see cref="TimeoutException"/> for a connect that took too long).
    /// </summary>
    public Exception Cause { get; }

    /// <summary>Describes the reconnect without any secret.</summary>
    /// <returns>The stream, attempt, delay and the cause's message.</returns>
    public override string ToString() => $"{StreamName}: reconnect {Attempt} in {Delay.TotalMilliseconds:0} ms after {Cause.GetType().Name}: {Cause.Message}";
}
