using CoderSdk.Configuration;

namespace CoderSdk.Errors;

/// <summary>Why a live stream failed.</summary>
public enum CoderStreamFailure
{
    /// <summary>A frame or event was not the JSON the stream carries; the items before it were delivered, nothing after it.</summary>
    MalformedFrame,

    /// <summary>coderd sent an <c>error</c> event (its message and detail are on the exception).</summary>
    ErrorEvent,

    /// <summary>The stream kept breaking and the reconnect attempts ran out.</summary>
    ReconnectsExhausted,

    /// <summary>
    /// The server broke the WebSocket protocol of the stream: a binary frame (coderd sends text only), a text frame
    /// that is not valid UTF-8, or a malformed frame. Nothing after it was delivered and the SDK did not reconnect.
    /// </summary>
    ProtocolViolation,

    /// <summary>
    /// A message (WebSocket message or SSE event) was larger than <see cref="CoderStreamOptions.MaxMessageBytes"/>.
    /// Nothing after it was delivered and the SDK did not reconnect.
    /// </summary>
    MessageTooLarge,

    /// <summary>
    /// A stream that does not reconnect (a two-way session such as dynamic parameters, whose state lives in the
    /// connection) was closed or dropped by the server. <see cref="CoderStreamException.CloseStatus"/> and
    /// <see cref="CoderStreamException.CloseDescription"/> carry the server's close code and reason, when it sent one.
    /// </summary>
    Closed,
}
