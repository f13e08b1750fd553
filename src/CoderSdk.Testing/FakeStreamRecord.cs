using System.Net.WebSockets;

namespace CoderSdk.Testing;

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
