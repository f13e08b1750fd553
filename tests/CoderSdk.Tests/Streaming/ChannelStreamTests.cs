using CoderSdk.Streaming;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// The hand-over between a stream's receive loop and its consumer: the consumer is woken in batches, yet it sees each
/// item once and in order, no more than the buffer capacity waits for a consumer that stopped reading, and a failure
/// comes after everything the producer added before it.
/// </summary>
public sealed class ChannelStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task RunAsync_ConsumerStopsReading_ProducerWaitsWithinCapacityAndEveryItemArrivesOnceInOrder(int capacity)
    {
        var total = (capacity * 3) + 5;
        var accepted = 0;
        var blocked = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var items = ChannelStream.RunAsync<int>(capacity, async (batcher, token) =>
        {
            for (var i = 1; i <= total; i++)
            {
                var add = batcher.AddAsync(i, token);
                if (!add.IsCompleted)
                {
                    // The consumer is not reading: everything accepted so far is waiting in the buffer (or in hand).
                    blocked.TrySetResult(Volatile.Read(ref accepted));
                }

                await add;
                Volatile.Write(ref accepted, i);
            }
        }, CancellationToken.None);

        var received = new List<int>();
        await using (var reader = items.GetAsyncEnumerator())
        {
            Assert.True(await reader.MoveNextAsync());
            received.Add(reader.Current);

            // The consumer holds the first item and reads no further; the producer fills the buffer and waits.
            var waiting = await blocked.Task.WaitAsync(Patience);
            Assert.InRange(waiting, 1, capacity + 1); // the item the consumer holds, plus at most the capacity
            while (await reader.MoveNextAsync())
            {
                received.Add(reader.Current);
            }
        }

        Assert.Equal(Enumerable.Range(1, total), received);
    }

    [Fact]
    public async Task RunAsync_ProducerFailsWithItemsNotYetHandedOver_ConsumerGetsThemBeforeTheFailure()
    {
        var items = ChannelStream.RunAsync<int>(1000, async (batcher, token) =>
        {
            // Three items, fewer than a batch (so no wake-up yet), then the connection breaks.
            await batcher.AddAsync(1, token);
            await batcher.AddAsync(2, token);
            await batcher.AddAsync(3, token);
            throw new InvalidDataException("the server sent a broken frame");
        }, CancellationToken.None);

        var received = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var item in items)
            {
                received.Add(item);
            }
        });

        Assert.Equal([1, 2, 3], received);
        Assert.Equal("the server sent a broken frame", error.Message);
    }

    [Fact]
    public async Task RunAsync_ConsumerCancels_EndsWithCancellationAndStopsTheProducer()
    {
        using var cancel = new CancellationTokenSource();
        var producerStopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var items = ChannelStream.RunAsync<int>(10, async (batcher, token) =>
        {
            try
            {
                await batcher.AddAsync(1, token);
                await batcher.FlushAsync(token);
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
            finally
            {
                producerStopped.TrySetResult();
            }
        }, cancel.Token);

        var received = new List<int>();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in items)
            {
                received.Add(item);
                await cancel.CancelAsync();
            }
        });

        Assert.Equal([1], received);
        Assert.True(producerStopped.Task.IsCompleted, "the enumeration waits for its producer to stop");
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(100, 25)]
    [InlineData(1000, 64)]
    [InlineData(100_000, 64)]
    public void BatchSizeFor_IsAQuarterOfTheCapacityBetweenOneAnd64(int capacity, int batch) =>
        Assert.Equal(batch, StreamBuffer<int>.BatchSizeFor(capacity));
}
