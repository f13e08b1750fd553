using System.Net.WebSockets;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>How one message of a stream carries its items.</summary>
internal enum StreamFrameFormat
{
    /// <summary>One JSON object per message: one item (coderd's <c>wsjson</c> encoder).</summary>
    Object,

    /// <summary>One JSON array per message, flattened into the sequence (agent logs).</summary>
    Array,

    /// <summary>
    /// coderd's one-way event sender: <c>{"type":"ping"|"data"|"error","data":...}</c> over WebSocket, or
    /// <c>event:</c>/<c>data:</c> over Server-Sent Events. Pings are swallowed, <c>error</c> ends the stream, and
    /// <c>data</c> carries one item.
    /// </summary>
    Envelope,

    /// <summary>
    /// The <see cref="Envelope"/> format whose <c>data</c> is a JSON array of items, flattened (chat streams). A <c>data</c>
    /// that is one JSON object, the shape the spec documents for these routes, is read as a batch of one.
    /// </summary>
    EnvelopeOfArray,
}

/// <summary>What a stream does when its connection ends early.</summary>
internal enum StreamResume
{
    /// <summary>Reconnect with <c>after=&lt;last id&gt;</c>; items whose id is not newer than the last one delivered are skipped.</summary>
    AfterId,

    /// <summary>Reconnect; coderd starts every connection with the current state, so items may repeat.</summary>
    Snapshot,

    /// <summary>
    /// Reconnect with the id of the last item delivered that had one (<c>after_id</c> on the chat streams); coderd's
    /// snapshot then leaves out what came before it. Items without an id (status, parts) always pass; an item whose id is
    /// not newer than the last one delivered is skipped.
    /// </summary>
    SnapshotAfterId,

    /// <summary>Reconnect; coderd sends only what happens from then on, so anything during the gap is not replayed.</summary>
    LiveOnly,

    /// <summary>Never reconnect: the end of the connection ends the stream (two-way sessions, whose state lives in the connection).</summary>
    None,
}

/// <summary>Whether the client only reads a stream's socket or also writes to it.</summary>
internal enum StreamDirection
{
    /// <summary>The server sends and the client never sends a data frame.</summary>
    OneWay,

    /// <summary>The client sends messages too (and the server answers them).</summary>
    TwoWay,
}

/// <summary>
/// A stream described by what it is rather than by a hand-written loop: where it connects (a WebSocket, Server-Sent
/// Events, or a WebSocket with an SSE fallback for servers that answer the upgrade 404), how a message carries its
/// items, and what a reconnect resumes. <see cref="DeclaredStream"/> runs one-way declarations and
/// <see cref="DeclaredSession{TSend, TItem}"/> two-way ones, both on the same connection, frame checks and reconnect
/// policy (<see cref="WebSocketSession"/>, <see cref="SseSession"/>, <see cref="StreamFrames"/>, <see cref="StreamReconnector"/>).
/// </summary>
/// <typeparam name="T">The item the caller receives.</typeparam>
internal sealed class StreamDeclaration<T>
{
    /// <summary>How a message carries its items.</summary>
    public required StreamFrameFormat Format { get; init; }

    /// <summary>What a reconnect resumes.</summary>
    public required StreamResume Resume { get; init; }

    /// <summary>One-way (the default) or two-way.</summary>
    public StreamDirection Direction { get; init; } = StreamDirection.OneWay;

    /// <summary>The item's metadata.</summary>
    public required JsonTypeInfo<T> Item { get; init; }

    /// <summary>A list of items' metadata, for <see cref="StreamFrameFormat.Array"/> and <see cref="StreamFrameFormat.EnvelopeOfArray"/>.</summary>
    public JsonTypeInfo<IReadOnlyList<T>>? Items { get; init; }

    /// <summary>Builds the WebSocket request of a connection from the last id delivered (0 before any); null when the stream is SSE only.</summary>
    public Func<long, CoderRequest>? WebSocket { get; init; }

    /// <summary>Builds the SSE request: the only transport without <see cref="WebSocket"/>, else the fallback when the upgrade answers 404.</summary>
    public Func<long, CoderRequest>? ServerSentEvents { get; init; }

    /// <summary>
    /// True when coderd reads the socket and so answers pings; only then is a keep-alive timeout set (see
    /// <see cref="CoderConnection.ConnectWebSocketAsync"/>).
    /// </summary>
    public bool ServerReads { get; init; }

    /// <summary>
    /// The item's resume id: for <see cref="StreamResume.AfterId"/> every item has one (a missing id, 0 or less, is a
    /// malformed frame); for <see cref="StreamResume.SnapshotAfterId"/> 0 means the item has none.
    /// </summary>
    public Func<T, long>? Id { get; init; }

    /// <summary>Looks at each item before it is delivered and may throw: a final <see cref="CoderStreamException"/>, or a <see cref="CoderStreamInterruptedException"/> to reconnect.</summary>
    public Action<T, StreamFrame>? Inspect { get; init; }

    /// <summary>
    /// Decides, when a connection has ended, whether the stream is complete: return to end the sequence (after
    /// delivering anything still missing through <see cref="StreamEnd{T}.DeliverAsync"/>), or throw to reconnect.
    /// Without it every end is early: the stream reconnects as <see cref="Resume"/> says.
    /// </summary>
    public Func<StreamEnd<T>, CancellationToken, ValueTask>? Ended { get; init; }

    /// <summary>
    /// A side task that can end the stream from outside its connection (the agent log's "start-up has finished"). It
    /// starts with the enumeration and is canceled when the enumeration ends. When it returns, the open connection is
    /// closed gracefully, no further connection is opened, and the end is handed to <see cref="Ended"/> with
    /// <see cref="StreamEnd{T}.Stopped"/> set (without <see cref="Ended"/>, the sequence simply ends). When it throws,
    /// the stream ends with that exception, never with a reconnect.
    /// </summary>
    public Func<CancellationToken, Task>? StopWhen { get; init; }

    /// <summary>What an early close of the WebSocket is reported as.</summary>
    public string ClosedMessage { get; init; } = "coderd closed the stream";

    /// <summary>The request that names the stream in errors, logs and reconnect events.</summary>
    internal CoderRequest NameRequest(long after) => NameRequestFactory(after);

    /// <summary>What <see cref="NameRequest"/> calls: the WebSocket request, else the SSE one.</summary>
    internal Func<long, CoderRequest> NameRequestFactory =>
        WebSocket ?? ServerSentEvents ?? throw new InvalidOperationException("A stream needs a WebSocket or an SSE request.");
}

/// <summary>Where an item came from, for <see cref="StreamDeclaration{T}.Inspect"/>.</summary>
/// <param name="Request">The connection's request.</param>
/// <param name="Number">The message's number within its connection.</param>
/// <param name="Secrets">The client's secrets, to mask in any text kept from the server.</param>
/// <param name="ViaWebSocket">True for a WebSocket message, false for an SSE event.</param>
internal readonly record struct StreamFrame(CoderRequest Request, long Number, CoderSecretScrubber Secrets, bool ViaWebSocket);

/// <summary>How a connection of a declared stream ended, handed to <see cref="StreamDeclaration{T}.Ended"/>.</summary>
/// <typeparam name="T">The stream's item.</typeparam>
internal sealed class StreamEnd<T>
{
    private readonly Func<T, CancellationToken, ValueTask> _deliver;

    internal StreamEnd(CoderStreamInterruptedException? dropped, WebSocketCloseStatus? closeStatus, string? closeDescription, long lastId, bool stopped, Func<T, CancellationToken, ValueTask> deliver)
    {
        Dropped = dropped;
        CloseStatus = closeStatus;
        CloseDescription = closeDescription;
        LastId = lastId;
        Stopped = stopped;
        _deliver = deliver;
    }

    /// <summary>The drop, silence or message timeout that ended the connection; null when the server closed it.</summary>
    public CoderStreamInterruptedException? Dropped { get; }

    /// <summary>The server's close code, when it closed.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The server's close reason (secrets masked), when it closed.</summary>
    public string? CloseDescription { get; }

    /// <summary>The id of the last item delivered (for <see cref="StreamResume.AfterId"/> streams).</summary>
    public long LastId { get; }

    /// <summary>
    /// True once the declaration's <see cref="StreamDeclaration{T}.StopWhen"/> task has returned: the SDK closed the
    /// connection itself (or never opened it), so the stream is over; returning from <c>Ended</c> ends the sequence.
    /// </summary>
    public bool Stopped { get; }

    /// <summary>Delivers items read another way (a final plain read), with the same id rule as the stream's own.</summary>
    public async ValueTask DeliverAsync(IEnumerable<T> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            await _deliver(item, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The exception that reconnects the stream: the drop, or a close described by <paramref name="message"/>.</summary>
    public CoderStreamInterruptedException Interruption(string message) =>
        Dropped ?? new CoderStreamInterruptedException(message, CloseStatus, CloseDescription, null);
}
