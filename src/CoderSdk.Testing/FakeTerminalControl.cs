using System.Collections.Concurrent;

namespace CoderSdk.Testing;

/// <summary>
/// The fake agent's terminal sessions (coderd's reconnecting PTY, <c>GET /api/v2/workspaceagents/{id}/pty</c>): one
/// per reconnect id, each running its command in the fake's small built-in shell, keeping the last 64 KiB of
/// output and replaying it to every connection that attaches, as the agent's buffered backend does. Reach it as
/// <see cref="FakeCoderServer.Terminals"/>.
/// </summary>
public sealed class FakeTerminalControl
{
    private readonly ConcurrentDictionary<Guid, FakeTerminalSession> _sessions = new();
    private readonly ConcurrentQueue<FakeTerminalSession> _history = new();
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;

    internal FakeTerminalControl(TimeProvider time, CancellationToken stopping)
    {
        _time = time;
        _stopping = stopping;
    }

    /// <summary>Raised when a new session starts (not when a connection reattaches).</summary>
    public event Action<FakeTerminalSession>? Started;

    /// <summary>Every session started so far, running or ended, in start order.</summary>
    public IReadOnlyList<FakeTerminalSession> Sessions => [.. _history];

    /// <summary>The running session with this reconnect id, if any.</summary>
    /// <param name="reconnectId">The id the client opened the terminal with.</param>
    /// <returns>The session, or null when none runs under that id.</returns>
    public FakeTerminalSession? Find(Guid reconnectId) => _sessions.TryGetValue(reconnectId, out var session) ? session : null;

    /// <summary>Waits until a session with this reconnect id has started (it may already have ended).</summary>
    /// <param name="reconnectId">The reconnect id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The session.</returns>
    public async Task<FakeTerminalSession> WaitForSessionAsync(Guid reconnectId, CancellationToken cancellationToken = default)
    {
        var started = new TaskCompletionSource<FakeTerminalSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnStarted(FakeTerminalSession s)
        {
            if (s.ReconnectId == reconnectId)
            {
                started.TrySetResult(s);
            }
        }

        Started += OnStarted;
        try
        {
            if (_history.FirstOrDefault(s => s.ReconnectId == reconnectId) is { } existing)
            {
                return existing;
            }

            return await started.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Started -= OnStarted;
        }
    }

    internal FakeTerminalSession Attach(Guid reconnectId, Guid agentId, string command, int width, int height)
    {
        while (true)
        {
            if (_sessions.TryGetValue(reconnectId, out var existing))
            {
                return existing;
            }

            var session = new FakeTerminalSession(reconnectId, agentId, command, width, height, _time);
            if (_sessions.TryAdd(reconnectId, session))
            {
                _history.Enqueue(session);
                session.Start(_stopping, () => _sessions.TryRemove(new KeyValuePair<Guid, FakeTerminalSession>(reconnectId, session)));
                Started?.Invoke(session);
                return session;
            }
        }
    }
}
