namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// The in-process <see cref="ICoderWebhookDeliveryStore"/>: at most <c>capacity</c> ids, each forgotten
/// <c>window</c> after it was claimed or completed (by the given <see cref="TimeProvider"/>); when full, the oldest
/// goes first.
/// </summary>
public sealed class InMemoryCoderWebhookDeliveryStore : ICoderWebhookDeliveryStore
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly object _lock = new();
    private readonly Dictionary<Guid, LinkedListNode<Entry>> _entries = [];

    // Oldest first: every touch moves an entry to the end with a later expiry, so expiries grow along the list.
    private readonly LinkedList<Entry> _order = new();

    /// <summary>Creates the store.</summary>
    /// <param name="timeProvider">The clock the window is measured by.</param>
    /// <param name="window">How long an id is remembered after its last change.</param>
    /// <param name="capacity">The most ids remembered at once.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive, or <paramref name="capacity"/> is less than 1.</exception>
    public InMemoryCoderWebhookDeliveryStore(TimeProvider timeProvider, TimeSpan window, int capacity)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _time = timeProvider;
        _window = window;
        _capacity = capacity;
    }

    /// <summary>How many ids are remembered now (expired ones are dropped on the next call that changes the store).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<CoderWebhookClaim> TryClaimAsync(Guid messageId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            Expire(now);
            if (_entries.TryGetValue(messageId, out var node))
            {
                return new(node.Value.Handled ? CoderWebhookClaim.Handled : CoderWebhookClaim.InProgress);
            }

            while (_entries.Count >= _capacity && _order.First is { } oldest)
            {
                Remove(oldest);
            }

            _entries[messageId] = _order.AddLast(new Entry(messageId, Handled: false, now + _window));
            return new(CoderWebhookClaim.Claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(Guid messageId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (_entries.TryGetValue(messageId, out var node))
            {
                _order.Remove(node);
            }

            _entries[messageId] = _order.AddLast(new Entry(messageId, Handled: true, now + _window));
            Expire(now);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(Guid messageId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(messageId, out var node) && !node.Value.Handled)
            {
                Remove(node);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Expire(DateTimeOffset now)
    {
        while (_order.First is { } first && first.Value.ExpiresAt <= now)
        {
            Remove(first);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _order.Remove(node);
        _entries.Remove(node.Value.MessageId);
    }

    private sealed record Entry(Guid MessageId, bool Handled, DateTimeOffset ExpiresAt);
}
