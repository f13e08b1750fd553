namespace CoderSdk.Testing;

/// <summary>What to do to a stream.</summary>
public enum FakeStreamFaultKind
{
    /// <summary>Drop the TCP connection without a close frame.</summary>
    Drop,

    /// <summary>Close the WebSocket with a status (for example 1000 while the job is still running, 1001 or 1011).</summary>
    Close,

    /// <summary>Stop sending anything and stop reading (so pings go unanswered), keeping the connection open.</summary>
    Stall,

    /// <summary>Send a frame that is not the JSON the stream carries, then carry on.</summary>
    Malformed,

    /// <summary>Send <see cref="FakeStreamFault.Payload"/> as a binary WebSocket message (coderd only sends text), then carry on.</summary>
    Binary,

    /// <summary>Send a text WebSocket frame whose bytes are not valid UTF-8, then carry on.</summary>
    InvalidUtf8,

    /// <summary>Send one text message of <see cref="FakeStreamFault.Size"/> bytes (a JSON string), then carry on.</summary>
    Oversized,

    /// <summary>
    /// Start a message and never finish it: one byte per fragment every <see cref="FakeStreamFault.Interval"/> (WebSocket
    /// continuation frames, or an SSE <c>data:</c> line that never ends), until the client goes away.
    /// </summary>
    Trickle,
}
