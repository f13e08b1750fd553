using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks.Sources;
using CoderSdk.Configuration;

namespace CoderSdk.Streaming;

/// <summary>
/// Turns a producer (the dedicated receive loop) into an <see cref="IAsyncEnumerable{T}"/>. The producer starts when
/// enumeration starts and runs on its own task, handing items over through a bounded channel, so the socket keeps
/// being read (and server pings answered) while the consumer is busy. The consumer is woken in batches
/// (<see cref="StreamBuffer{T}"/>): when the producer has added a batch's worth or is about to wait, so a fast stream
/// pays one wake-up between the two threads per batch instead of per item, and a slow one still delivers each item at
/// once. Ending the enumeration, early or by cancellation, stops the producer and waits for it to close its connection.
/// </summary>
internal static class ChannelStream
{
    public static async IAsyncEnumerable<T> RunAsync<T>(
        int capacity,
        Func<StreamBuffer<T>, CancellationToken, Task> produce,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new StreamBuffer<T>(capacity);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = ProduceAsync(produce, buffer, stop);

        try
        {
            // The wait is not canceled by the token itself: the token stops the producer (through the linked source),
            // which completes the channel. So an open stream holds no registration and no waiter of its own for it.
            while (await buffer.WaitToReadAsync().ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (buffer.TryRead(out var item))
                {
                    yield return item;
                }
            }

            await producer.ConfigureAwait(false);
            if (buffer.Failure is { } failure)
            {
                ExceptionDispatchInfo.Capture(failure).Throw();
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The producer's task: it leaves the consumer's thread at once (as <see cref="Task.Run(Func{Task})"/> would, without
    /// the wrapper task and closure an open stream would hold), records a failure on <paramref name="buffer"/>, wakes
    /// the consumer for what it added and completes the buffer.
    /// </summary>
    private static async Task ProduceAsync<T>(Func<StreamBuffer<T>, CancellationToken, Task> produce, StreamBuffer<T> buffer, CancellationTokenSource stop)
    {
        await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        try
        {
            await produce(buffer, stop.Token).ConfigureAwait(false);
            await buffer.FlushAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The consumer stopped or canceled: nothing to report.
        }
        catch (Exception ex)
        {
            buffer.Failure = ex;
            // What arrived before the failure is the consumer's, as it would have been one item at a time.
            try
            {
                await buffer.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
        }
        finally
        {
            buffer.Complete();
        }
    }
}

/// <summary>
/// The buffer between a stream's producer (one writer) and its consumer (one reader): at most the stream's
/// <see cref="CoderStreamOptions.BufferCapacity"/> items, kept in a ring that grows as it fills. Every item is readable
/// as soon as it is added, but a consumer that waits is woken only once a batch's worth has gathered (a quarter of the
/// capacity, at most 64) or the producer calls <see cref="FlushAsync"/>, which it does before anything that may wait
/// (a socket read that has not completed, a connect, a REST read): so a fast stream costs one wake-up per batch, and no
/// item waits for the next one. Smaller than a bounded <c>System.Threading.Channels</c> channel (which keeps four waiter
/// objects ready), because an open stream holds one for its lifetime: the reader waits on this object itself (reset per
/// wait), and a writer that finds the buffer full, which only a slow consumer causes, waits on a task made for that wait.
/// The reader's continuation runs on the thread pool, so the producer never runs the consumer's code.
/// </summary>
internal sealed class StreamBuffer<T> : IValueTaskSource<bool>
{
    private const int MaxBatch = 64;

    private readonly object _lock = new();
    private readonly int _capacity;
    private readonly int _batch;
    private T[] _items = new T[1];
    private int _head;
    private int _count;
    private bool _completed;
    private bool _readerWaiting;
    private ManualResetValueTaskSourceCore<bool> _readerWait = new() { RunContinuationsAsynchronously = true };
    private TaskCompletionSource? _writerWait;

    /// <param name="capacity">How many items wait for the consumer before the producer does (at least 1).</param>
    public StreamBuffer(int capacity)
    {
        _capacity = Math.Max(1, capacity);
        _batch = BatchSizeFor(_capacity);
    }

    /// <summary>What ended the producer, if it failed; the consumer throws it once the items before it are read.</summary>
    public Exception? Failure { get; set; }

    /// <summary>How many items gather before a waiting consumer is woken: a quarter of the capacity, at most 64, at least 1.</summary>
    internal static int BatchSizeFor(int capacity) => Math.Clamp(capacity / 4, 1, MaxBatch);

    /// <summary>Adds <paramref name="item"/>, waiting while the buffer is full.</summary>
    public ValueTask AddAsync(T item, CancellationToken cancellationToken)
    {
        TaskCompletionSource? room = null;
        var wake = false;
        lock (_lock)
        {
            if (_count < _capacity)
            {
                if (_count == _items.Length)
                {
                    Grow();
                }

                _items[(_head + _count) % _items.Length] = item;
                _count++;
                wake = _readerWaiting && _count >= _batch;
            }
            else
            {
                // Full: the consumer has all it can take; make sure it is awake, then wait for room.
                wake = _readerWaiting;
                room = _writerWait ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            _readerWaiting &= !wake;
        }

        if (wake)
        {
            _readerWait.SetResult(true);
        }

        return room is null ? default : AddWhenRoomAsync(item, room.Task, cancellationToken);
    }

    private async ValueTask AddWhenRoomAsync(T item, Task room, CancellationToken cancellationToken)
    {
        await room.WaitAsync(cancellationToken).ConfigureAwait(false);
        await AddAsync(item, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Wakes a waiting consumer for the items added so far; the producer calls it before it waits for anything. It
    /// never waits and never throws (a receive the producer has started is still awaited after it), so the token is
    /// only the shape the callers share with <see cref="AddAsync"/>.
    /// </summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        bool wake;
        lock (_lock)
        {
            wake = _readerWaiting && _count > 0;
            _readerWaiting &= !wake;
        }

        if (wake)
        {
            _readerWait.SetResult(true);
        }

        return default;
    }

    /// <summary>Takes the oldest item, if any; makes room for a waiting producer.</summary>
    public bool TryRead(out T item)
    {
        TaskCompletionSource? room;
        lock (_lock)
        {
            if (_count == 0)
            {
                item = default!;
                return false;
            }

            item = _items[_head];
            _items[_head] = default!;
            _head = (_head + 1) % _items.Length;
            _count--;
            room = _writerWait;
            _writerWait = null;
        }

        room?.TrySetResult();
        return true;
    }

    /// <summary>True once an item is there to read; false once the buffer is completed and empty. One wait at a time.</summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _readerWait.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _readerWait.Version);
        }
    }

    /// <summary>No more items come: the consumer reads what is buffered, then its wait returns false.</summary>
    public void Complete()
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            wake = _readerWaiting;
            _readerWaiting = false;
        }

        if (wake)
        {
            // Items may be waiting (a producer that failed right after adding them): the consumer reads them first.
            _readerWait.SetResult(true);
        }
    }

    private void Grow()
    {
        var larger = new T[Math.Min(_items.Length * 2, _capacity)];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }

        _items = larger;
        _head = 0;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _readerWait.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _readerWait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _readerWait.OnCompleted(continuation, state, token, flags);
}
