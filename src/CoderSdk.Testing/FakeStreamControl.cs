using System.Collections.Concurrent;

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
