using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace CoderSdk.Streaming;

/// <summary>
/// Turns a producer (the dedicated receive loop) into an <see cref="IAsyncEnumerable{T}"/>. The producer starts when
/// enumeration starts and runs on its own task, handing items over through a bounded channel, so the socket keeps
/// being read (and server pings answered) while the consumer is busy. Items cross in batches
/// (<see cref="StreamBatcher{T}"/>): a batch goes over when it is full or when the producer is about to wait, so a
/// fast stream pays one hand-over between the two threads per batch instead of per item, and a slow one still
/// delivers each item at once. Ending the enumeration, early or by cancellation, stops the producer and waits for it
/// to close its connection.
/// </summary>
internal static class ChannelStream
{
    public static async IAsyncEnumerable<T> RunAsync<T>(
        int capacity,
        Func<StreamBatcher<T>, CancellationToken, Task> produce,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batchSize = StreamBatcher<T>.BatchSizeFor(capacity);
        var channel = Channel.CreateBounded<ArraySegment<T>>(new BoundedChannelOptions(StreamBatcher<T>.BatchesFor(capacity, batchSize))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var batcher = new StreamBatcher<T>(channel.Writer, batchSize);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? failure = null;
        var producer = Task.Run(async () =>
        {
            try
            {
                await produce(batcher, stop.Token).ConfigureAwait(false);
                await batcher.FlushAsync(stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped or canceled: nothing to report.
            }
            catch (Exception ex)
            {
                failure = ex;
                // What arrived before the failure is the consumer's, as it would have been one item at a time.
                try
                {
                    await batcher.FlushAsync(stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }
            finally
            {
                channel.Writer.TryComplete();
            }
        }, CancellationToken.None);

        try
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (channel.Reader.TryRead(out var batch))
                {
                    try
                    {
                        for (var i = 0; i < batch.Count; i++)
                        {
                            yield return batch.Array![batch.Offset + i];
                        }
                    }
                    finally
                    {
                        StreamBatcher<T>.Return(batch.Array!);
                    }
                }
            }

            await producer.ConfigureAwait(false);
            if (failure is not null)
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
}

/// <summary>
/// The producer's side of a <see cref="ChannelStream"/>: items gather in a pooled array, which goes to the consumer
/// when it is full or when <see cref="FlushAsync"/> is called (the producer calls it before anything that may wait:
/// a socket read that has not completed yet, a connect, a REST read). With a batch of up to
/// <see cref="BatchSizeFor"/> items and <see cref="BatchesFor"/> batches in the channel, no more than the stream's
/// buffer capacity waits for the consumer. Used by the producer's task only.
/// </summary>
internal sealed class StreamBatcher<T>
{
    private const int MaxBatch = 64;

    private readonly ChannelWriter<ArraySegment<T>> _writer;
    private readonly int _batchSize;
    private T[]? _pending;
    private int _count;

    public StreamBatcher(ChannelWriter<ArraySegment<T>> writer, int batchSize)
    {
        _writer = writer;
        _batchSize = batchSize;
    }

    /// <summary>Items per batch: a quarter of the capacity, at most 64, at least 1.</summary>
    internal static int BatchSizeFor(int capacity) => Math.Clamp(capacity / 4, 1, MaxBatch);

    /// <summary>Batches the channel holds besides the one being filled, so that together they stay within <paramref name="capacity"/> items.</summary>
    internal static int BatchesFor(int capacity, int batchSize) => Math.Max(1, (capacity / batchSize) - 1);

    /// <summary>Gives a consumed batch's array back to the pool.</summary>
    internal static void Return(T[] array) =>
        ArrayPool<T>.Shared.Return(array, clearArray: RuntimeHelpers.IsReferenceOrContainsReferences<T>());

    /// <summary>Adds <paramref name="item"/>; hands the batch over (waiting for room) when it is full.</summary>
    public ValueTask AddAsync(T item, CancellationToken cancellationToken)
    {
        var pending = _pending ??= ArrayPool<T>.Shared.Rent(_batchSize);
        pending[_count++] = item;
        return _count >= _batchSize ? FlushAsync(cancellationToken) : default;
    }

    /// <summary>Hands the items gathered so far to the consumer, waiting while the channel is full.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
        {
            return default;
        }

        var batch = new ArraySegment<T>(_pending!, 0, _count);
        _pending = null;
        _count = 0;
        return _writer.WriteAsync(batch, cancellationToken);
    }
}
