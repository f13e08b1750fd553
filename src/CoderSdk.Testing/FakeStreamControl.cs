using System.Collections.Concurrent;
using System.Net.WebSockets;

namespace CoderSdk.Testing;

/// <summary>
/// How the fake server's streams (log follows, watches) behave, and what happened to each. Change the settings before
/// a test opens its streams; queue faults to break the next streams in chosen ways.
/// </summary>
public sealed class FakeStreamControl
{
    private readonly ConcurrentQueue<FakeStreamFault> _faults = new();
    private readonly ConcurrentQueue<FakeStreamRecord> _history = new();
    private readonly TimeProvider _time;

    internal FakeStreamControl(TimeProvider time) => _time = time;

    /// <summary>
    /// How often the server pings each WebSocket (coderd: 15 s) and sends an SSE <c>ping</c> event. Zero turns both off.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the server waits for the pong to its WebSocket ping before it drops the connection. Zero (the default,
    /// like coderd) never drops. Needs <see cref="PingInterval"/>; honoured on .NET 9 and later (ASP.NET Core 8 cannot).
    /// </summary>
    public TimeSpan PongTimeout { get; set; }

    /// <summary>When false, <c>watch-ws</c> and <c>watch-metadata-ws</c> answer 404 like a coderd that predates them, so clients fall back to SSE.</summary>
    public bool WebSocketWatchEnabled { get; set; } = true;

    /// <summary>Every stream the server accepted, oldest first.</summary>
    public IReadOnlyList<FakeStreamRecord> History => [.. _history];

    /// <summary>Raised when the server accepts a stream.</summary>
    public event Action<FakeStreamRecord>? Opened;

    /// <summary>Queues a fault for the next stream whose path contains <see cref="FakeStreamFault.PathContains"/>.</summary>
    /// <param name="fault">The fault.</param>
    public void Enqueue(FakeStreamFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        _faults.Enqueue(fault);
    }

    /// <summary>Faults queued and not yet used.</summary>
    public int PendingFaults => _faults.Count;

    internal FakeStreamRecord Open(string kind, string path)
    {
        var record = new FakeStreamRecord(kind, path, _time.GetUtcNow(), TakeFault(path));
        _history.Enqueue(record);
        Opened?.Invoke(record);
        return record;
    }

    private FakeStreamFault? TakeFault(string path)
    {
        // Faults apply in order to the streams they match; a fault for another path waits its turn.
        lock (_faults)
        {
            if (_faults.TryPeek(out var next) && (next.PathContains is null || path.Contains(next.PathContains, StringComparison.Ordinal)))
            {
                _faults.TryDequeue(out var taken);
                return taken;
            }

            return null;
        }
    }

    internal DateTimeOffset Now => _time.GetUtcNow();
}

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

/// <summary>One stream the fake server accepted and how it ended.</summary>
public sealed class FakeStreamRecord
{
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _messages;
    private int _fragments;

    internal FakeStreamRecord(string kind, string path, DateTimeOffset openedAt, FakeStreamFault? fault)
    {
        Kind = kind;
        Path = path;
        OpenedAt = openedAt;
        Fault = fault;
    }

    /// <summary><c>websocket</c> or <c>sse</c>.</summary>
    public string Kind { get; }

    /// <summary>The request path and query.</summary>
    public string Path { get; }

    /// <summary>When the server accepted it.</summary>
    public DateTimeOffset OpenedAt { get; }

    /// <summary>The fault applied to it, if any.</summary>
    public FakeStreamFault? Fault { get; }

    /// <summary>Messages (frames or events, pings excluded) the server sent.</summary>
    public int MessagesSent => Volatile.Read(ref _messages);

    /// <summary>Fragments a <see cref="FakeStreamFaultKind.Trickle"/> fault has sent so far.</summary>
    public int FragmentsSent => Volatile.Read(ref _fragments);

    /// <summary>When the stream ended, once it has.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>
    /// How it ended: <c>client-close</c> (close frame from the client), <c>client-gone</c> (the client dropped the
    /// connection), <c>server-done</c>, <c>fault</c>, <c>pong-timeout</c> or <c>server-stopping</c>.
    /// </summary>
    public string? EndedBy { get; private set; }

    /// <summary>The close status the client sent, if it sent one.</summary>
    public WebSocketCloseStatus? ClientCloseStatus { get; internal set; }

    /// <summary>Completes when the stream has ended.</summary>
    public Task Ended => _ended.Task;

    /// <summary>
    /// For the live feeds (<see cref="FakeCoderServer.Live"/>), the agent-connection watch and dynamic parameters:
    /// completes once the stream listens to its source and has sent what it sends first, so anything published from
    /// then on reaches it. Await it instead of sleeping before you publish.
    /// </summary>
    public Task Subscribed => _subscribed.Task;

    internal void MarkSubscribed() => _subscribed.TrySetResult();

    internal int CountMessage() => Interlocked.Increment(ref _messages);

    internal int CountFragment() => Interlocked.Increment(ref _fragments);

    internal void End(string how, DateTimeOffset at)
    {
        lock (_ended)
        {
            if (EndedBy is not null)
            {
                return;
            }

            EndedBy = how;
            EndedAt = at;
        }

        _ended.TrySetResult();
    }
}
