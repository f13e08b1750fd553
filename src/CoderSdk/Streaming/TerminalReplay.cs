namespace CoderSdk.Streaming;

/// <summary>
/// Leaves out the part of an agent's replay that was already delivered. The agent's buffered PTY keeps the last
/// 64 KiB of output and writes all of it to a connection that attaches; this keeps the last 64 KiB it delivered
/// (<c>H</c>), holds the new connection's bytes (<c>P</c>) and finds the longest tail of <c>H</c> that <c>P</c> starts
/// with. A shorter tail (the agent's buffer wrapped during the gap) is found the same way; none at all means the replay
/// does not line up and <c>P</c> is delivered whole.
/// </summary>
/// <remarks>
/// Tails are tried from the longest; a tail is ruled out once <c>P</c> differs from it, and the longest one left is
/// taken as soon as <c>P</c> covers it, so output is held only while the replay is still arriving. Not thread-safe:
/// the session's receive loop is its only user.
/// </remarks>
internal sealed class TerminalReplay(int window = TerminalReplay.AgentBufferBytes)
{
    /// <summary>The size of the agent's replay buffer (agent/reconnectingpty/buffered.go: 64 KiB).</summary>
    public const int AgentBufferBytes = 64 * 1024;

    private readonly byte[] _history = new byte[window];
    private int _historyLength;
    private byte[] _pending = [];
    private int _pendingLength;
    private bool _replaying;

    /// <summary>Replayed bytes left out so far.</summary>
    public long Skipped { get; private set; }

    /// <summary>True while the bytes of a reattached connection are held to be lined up.</summary>
    public bool Replaying => _replaying;

    /// <summary>A connection reattached: what it sends first is the agent's replay.</summary>
    public void BeginReplay()
    {
        _replaying = _historyLength > 0;
        _pendingLength = 0;
    }

    /// <summary>Takes a connection's bytes and returns what is new (possibly nothing while a replay is held).</summary>
    public ReadOnlyMemory<byte> Accept(ReadOnlySpan<byte> data)
    {
        if (!_replaying)
        {
            Record(data);
            return data.ToArray();
        }

        if (_pending.Length < _pendingLength + data.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pendingLength + data.Length, _pending.Length * 2));
        }

        data.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += data.Length;
        return TryResolve(final: false);
    }

    /// <summary>The connection ended while a replay was held: decide with what arrived.</summary>
    public ReadOnlyMemory<byte> Flush() => _replaying ? TryResolve(final: true) : ReadOnlyMemory<byte>.Empty;

    private ReadOnlyMemory<byte> TryResolve(bool final)
    {
        ReadOnlySpan<byte> history = _history.AsSpan(0, _historyLength), pending = _pending.AsSpan(0, _pendingLength);
        var start = LongestConsistentTail(history, pending);
        var tail = history.Length - start;
        if (pending.Length < tail && !final)
        {
            return ReadOnlyMemory<byte>.Empty; // the longest candidate is still arriving
        }

        var overlap = Math.Min(tail, pending.Length);
        Skipped += overlap;
        _replaying = false;
        var fresh = pending[overlap..].ToArray();
        _pendingLength = 0;
        Record(fresh);
        return fresh;
    }

    /// <summary>The smallest start <c>s</c> such that <c>H[s..]</c> and <paramref name="pending"/> agree on their common length (<c>H.Length</c>: no overlap).</summary>
    private static int LongestConsistentTail(ReadOnlySpan<byte> history, ReadOnlySpan<byte> pending)
    {
        if (pending.IsEmpty)
        {
            return 0;
        }

        var s = 0;
        while (s < history.Length)
        {
            var next = history[s..].IndexOf(pending[0]);
            if (next < 0)
            {
                break;
            }

            s += next;
            var tail = history[s..];
            var common = Math.Min(tail.Length, pending.Length);
            if (tail[..common].SequenceEqual(pending[..common]))
            {
                return s;
            }

            s++;
        }

        return history.Length;
    }

    private void Record(ReadOnlySpan<byte> data)
    {
        if (data.Length >= window)
        {
            data[^window..].CopyTo(_history);
            _historyLength = window;
            return;
        }

        var excess = _historyLength + data.Length - window;
        if (excess > 0)
        {
            _history.AsSpan(excess, _historyLength - excess).CopyTo(_history);
            _historyLength -= excess;
        }

        data.CopyTo(_history.AsSpan(_historyLength));
        _historyLength += data.Length;
    }
}
