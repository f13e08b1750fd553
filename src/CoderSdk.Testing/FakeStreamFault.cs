using System.Net.WebSockets;

namespace CoderSdk.Testing;

/// <summary>A fault for one stream, applied after it has sent <see cref="AfterMessages"/> messages.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="AfterMessages">How many messages (frames or events) to send normally first.</param>
/// <param name="PathContains">Only for a stream whose path contains this text; any stream when null.</param>
public sealed record FakeStreamFault(FakeStreamFaultKind Kind, int AfterMessages, string? PathContains = null)
{
    /// <summary>For <see cref="FakeStreamFaultKind.Close"/>: the close status.</summary>
    public WebSocketCloseStatus CloseStatus { get; init; } = WebSocketCloseStatus.NormalClosure;

    /// <summary>For <see cref="FakeStreamFaultKind.Close"/>: the close reason.</summary>
    public string CloseDescription { get; init; } = "done";

    /// <summary>For <see cref="FakeStreamFaultKind.Malformed"/> and <see cref="FakeStreamFaultKind.Binary"/>: the frame to send.</summary>
    public string Payload { get; init; } = "{\"id\": oops";

    /// <summary>For <see cref="FakeStreamFaultKind.Oversized"/>: the message's size in bytes.</summary>
    public int Size { get; init; }

    /// <summary>For <see cref="FakeStreamFaultKind.Trickle"/>: the pause between fragments.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Drops the connection after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault Drop(int afterMessages, string? pathContains = null) => new(FakeStreamFaultKind.Drop, afterMessages, pathContains);

    /// <summary>Closes the WebSocket with <paramref name="status"/> after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault Close(int afterMessages, WebSocketCloseStatus status = WebSocketCloseStatus.NormalClosure, string description = "done", string? pathContains = null) =>
        new(FakeStreamFaultKind.Close, afterMessages, pathContains) { CloseStatus = status, CloseDescription = description };

    /// <summary>Goes silent (no data, no pings, no pongs) after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault Stall(int afterMessages, string? pathContains = null) => new(FakeStreamFaultKind.Stall, afterMessages, pathContains);

    /// <summary>Sends <paramref name="payload"/> as the next frame after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault Malformed(int afterMessages, string payload = "{\"id\": oops", string? pathContains = null) =>
        new(FakeStreamFaultKind.Malformed, afterMessages, pathContains) { Payload = payload };

    /// <summary>Sends <paramref name="payload"/> as a binary WebSocket message after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault Binary(int afterMessages, string payload = "{\"id\": 1}", string? pathContains = null) =>
        new(FakeStreamFaultKind.Binary, afterMessages, pathContains) { Payload = payload };

    /// <summary>Sends a text WebSocket frame that is not valid UTF-8 after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault InvalidUtf8(int afterMessages, string? pathContains = null) => new(FakeStreamFaultKind.InvalidUtf8, afterMessages, pathContains);

    /// <summary>Sends one message of <paramref name="size"/> bytes after <paramref name="afterMessages"/> messages.</summary>
    public static FakeStreamFault Oversized(int afterMessages, int size, string? pathContains = null) =>
        new(FakeStreamFaultKind.Oversized, afterMessages, pathContains) { Size = size };

    /// <summary>Starts a message after <paramref name="afterMessages"/> messages and sends it one byte per fragment, forever.</summary>
    public static FakeStreamFault Trickle(int afterMessages, TimeSpan? interval = null, string? pathContains = null) =>
        new(FakeStreamFaultKind.Trickle, afterMessages, pathContains) { Interval = interval ?? TimeSpan.FromMilliseconds(10) };
}
