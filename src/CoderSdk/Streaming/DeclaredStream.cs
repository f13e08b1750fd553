using System.Net;
using System.Net.WebSockets;
using System.Runtime.ExceptionServices;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>
/// Runs a one-way <see cref="StreamDeclaration{T}"/>: the dedicated receive loop into a bounded channel
/// (<see cref="ChannelStream"/>), one connection per attempt of the reconnect policy (<see cref="StreamReconnector"/>),
/// each message decoded as the declaration's format, and the resume rule applied across reconnects. A declaration's
/// <see cref="StreamDeclaration{T}.StopWhen"/> task runs beside the loop and can end it from outside the connection.
/// </summary>
internal static class DeclaredStream
{
    /// <summary>Streams the declaration's items; <paramref name="after"/> is the starting id of an <see cref="StreamResume.AfterId"/> stream.</summary>
    public static IAsyncEnumerable<T> RunAsync<T>(CoderConnection connection, StreamDeclaration<T> stream, CancellationToken cancellationToken, long after = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        if (stream.Direction != StreamDirection.OneWay || stream.Resume == StreamResume.None)
        {
            throw new InvalidOperationException("A two-way stream, or one that does not reconnect, is opened as a DeclaredSession.");
        }

        return ChannelStream.RunAsync<T>(
            connection.StreamOptions.BufferCapacity,
            (buffer, stop) => new Producer<T>(connection, stream, buffer, after).RunAsync(stop),
            cancellationToken);
    }

    /// <summary>
    /// Decodes one message into its items: a WebSocket message (<paramref name="sseType"/> null) or an SSE event's
    /// data. Frame checks (JSON, shape, binding, ids) end the stream with <see cref="CoderStreamException"/>; an
    /// <c>error</c> envelope does too.
    /// </summary>
    internal static FrameItems<T> Decode<T>(StreamDeclaration<T> stream, ReadOnlySpan<byte> frame, string? sseType, CoderRequest request, CoderSecretScrubber secrets, long number)
    {
        var status = sseType is null ? HttpStatusCode.SwitchingProtocols : HttpStatusCode.OK;
        var format = sseType is not null && stream.Format is StreamFrameFormat.Object ? StreamFrameFormat.Envelope
            : sseType is not null && stream.Format is StreamFrameFormat.Array ? StreamFrameFormat.EnvelopeOfArray
            : stream.Format;
        var items = format switch
        {
            StreamFrameFormat.Object => new FrameItems<T>(StreamFrames.Parse(frame, stream.Item, request, secrets, status, number)),
            StreamFrameFormat.Array => new FrameItems<T>(StreamFrames.Parse(frame, ItemsOf(stream), request, secrets, status, number)),
            StreamFrameFormat.Envelope => StreamFrames.ParseEvent(frame, sseType, stream.Item, request, secrets, status, number) switch
            {
                { Error: { } error } => throw error,
                { Type: "data", Data: var data } => new FrameItems<T>(data!),
                _ => default,
            },
            _ => StreamFrames.ParseBatchEvent(frame, sseType, ItemsOf(stream), stream.Item, request, secrets, status, number) switch
            {
                { Error: { } error } => throw error,
                { Type: "data", Data: var data } => new FrameItems<T>(data!),
                _ => default,
            },
        };

        if (stream.Resume == StreamResume.AfterId)
        {
            for (var i = 0; i < items.Count; i++)
            {
                StreamFrames.RequireId(stream.Id!(items[i]), frame, request, secrets, number);
            }
        }

        return items;
    }

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<IReadOnlyList<T>> ItemsOf<T>(StreamDeclaration<T> stream) =>
        stream.Items ?? throw new InvalidOperationException($"The {stream.Format} format needs the list metadata (Items).");

    /// <summary>The receive loop of one enumeration.</summary>
    /// <remarks>
    /// The consumer is woken in batches: the loop flushes (<see cref="StreamBuffer{T}.FlushAsync"/>) before each wait
    /// (a socket read that has not completed, a connect, the back-off, the end check), so no item waits for the next.
    /// </remarks>
    private sealed class Producer<T>(CoderConnection connection, StreamDeclaration<T> stream, StreamBuffer<T> writer, long after)
    {
        private readonly StreamReconnector _reconnector = new(connection, stream.NameRequestFactory, after);
        private long _lastId = after;
        private bool _useServerSentEvents = stream.WebSocket is null;

        /// <summary>Canceled once the declaration's <see cref="StreamDeclaration{T}.StopWhen"/> task has returned.</summary>
        private CancellationToken _stopped;

        /// <summary>How the last connection ended; <see cref="ReadConnectionAsync"/> sets it.</summary>
        private ConnectionEnd _ending;

        /// <summary>What the <see cref="StreamDeclaration{T}.StopWhen"/> task threw, which ends the stream.</summary>
        private Exception? _stopFailure;

        /// <summary>Connects, reads and reconnects until the stream ends, with the side task beside it when the declaration has one.</summary>
        public Task RunAsync(CancellationToken stop) =>
            // Without a side task there is nothing to wait for here: no frame of this method stays open.
            stream.StopWhen is { } stopWhen ? RunWithSideTaskAsync(stopWhen, stop) : _reconnector.RunAsync(AttemptAsync, stop);

        private async Task RunWithSideTaskAsync(Func<CancellationToken, Task> stopWhen, CancellationToken stop)
        {
            // The run is canceled when the side task fails, so the failure is not retried as a reconnect.
            using var run = CancellationTokenSource.CreateLinkedTokenSource(stop);
            using var stopped = new CancellationTokenSource();
            _stopped = stopped.Token;
            var watcher = Task.Run(() => WatchAsync(stopWhen, stopped, run), CancellationToken.None);
            try
            {
                await _reconnector.RunAsync(AttemptAsync, run.Token).ConfigureAwait(false);
                return;
            }
            catch (Exception) when (Volatile.Read(ref _stopFailure) is not null && !stop.IsCancellationRequested)
            {
                // The side task failed and canceled the run; its exception is the stream's (below).
            }
            finally
            {
                await run.CancelAsync().ConfigureAwait(false);
                await watcher.ConfigureAwait(false);
            }

            ExceptionDispatchInfo.Throw(Volatile.Read(ref _stopFailure)!);
        }

        /// <summary>Runs the side task: its return cancels <paramref name="stopped"/>, its failure is kept and cancels <paramref name="run"/>.</summary>
        private async Task WatchAsync(Func<CancellationToken, Task> stopWhen, CancellationTokenSource stopped, CancellationTokenSource run)
        {
            try
            {
                await stopWhen(run.Token).ConfigureAwait(false);
                await stopped.CancelAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested)
            {
                // The enumeration ended first.
            }
            catch (Exception ex)
            {
                Volatile.Write(ref _stopFailure, ex);
                await run.CancelAsync().ConfigureAwait(false);
            }
        }

        /// <summary>One connection: opened unless the stream was stopped, read to its end, then handed to the end check.</summary>
        /// <remarks>
        /// An open stream holds this frame and <see cref="ReadConnectionAsync"/>'s for as long as it reads, so both keep
        /// little: how the connection ended goes to a field, and the end check runs in a method of its own.
        /// </remarks>
        private async ValueTask AttemptAsync(CancellationToken token)
        {
            _ending = new ConnectionEnd(null, null, null, stream.ClosedMessage);
            if (!_stopped.IsCancellationRequested)
            {
                // Stopping cancels the session, which closes a WebSocket gracefully; the attempt's own token still delivers.
                // Without a StopWhen task nothing stops the session but the attempt's token, so it needs no source of its own.
                using var session = _stopped.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(token, _stopped) : null;
                try
                {
                    await ReadConnectionAsync(session?.Token ?? token, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopped.IsCancellationRequested && !token.IsCancellationRequested)
                {
                    // Stopped while connecting or reading; the end check below covers it.
                }
                catch (Exception) when (!token.IsCancellationRequested)
                {
                    // What the connection delivered reaches the consumer before the back-off delay (or the failure).
                    await writer.FlushAsync(token).ConfigureAwait(false);
                    throw;
                }
            }

            token.ThrowIfCancellationRequested();
            await writer.FlushAsync(token).ConfigureAwait(false);
            await EndedAsync(token).ConfigureAwait(false);
        }

        /// <summary>Hands the connection's end (<see cref="_ending"/>) to the declaration's end check, or reports an early end.</summary>
        private async ValueTask EndedAsync(CancellationToken token)
        {
            var ending = _ending;
            var end = new StreamEnd<T>(ending.Dropped, ending.Status, ending.Description, _lastId, _stopped.IsCancellationRequested, DeliverAsync);
            if (stream.Ended is { } ended)
            {
                await ended(end, token).ConfigureAwait(false);
                return;
            }

            if (!end.Stopped)
            {
                throw end.Interruption(ending.Message);
            }
        }

        /// <summary>
        /// Opens a connection with <paramref name="session"/> (canceling it closes the connection) and delivers its
        /// items with <paramref name="token"/>; records how it ended, with the message that reports an early end, in
        /// <see cref="_ending"/>.
        /// </summary>
        private async ValueTask ReadConnectionAsync(CancellationToken session, CancellationToken token)
        {
            await writer.FlushAsync(token).ConfigureAwait(false);
            if (!_useServerSentEvents)
            {
                var request = stream.WebSocket!(_lastId);
                WebSocketSession? socket = null;
                try
                {
                    socket = await WebSocketSession.ConnectAsync(connection, request, stream.ServerReads, session).ConfigureAwait(false);
                }
                catch (CoderNotFoundException) when (stream.ServerSentEvents is not null)
                {
                    // A coderd that predates the WebSocket (or a proxy that does not route it): use SSE for the rest of
                    // this enumeration. A missing resource answers 404 there too and ends the stream.
                    _useServerSentEvents = true;
                }

                if (socket is not null)
                {
                    CoderStreamInterruptedException? dropped = null;
                    await using (socket.ConfigureAwait(false))
                    {
                        _reconnector.Connected();
                        try
                        {
                            while (true)
                            {
                                var next = socket.ReceiveAsync();
                                if (!next.IsCompleted)
                                {
                                    await writer.FlushAsync(token).ConfigureAwait(false);
                                }

                                if (await next.ConfigureAwait(false) is not { } frame)
                                {
                                    break;
                                }

                                var items = Decode(stream, frame.Span, null, request, connection.Secrets, socket.Frames);
                                await DeliverAllAsync(items, new StreamFrame(request, socket.Frames, connection.Secrets, true), token).ConfigureAwait(false);
                            }
                        }
                        catch (CoderStreamInterruptedException ex) when (stream.Ended is not null)
                        {
                            dropped = ex;
                        }

                        _ending = new(dropped, socket.CloseStatus, socket.CloseDescription, stream.ClosedMessage);
                        return;
                    }
                }
            }

            await ReadServerSentEventsAsync(session, token).ConfigureAwait(false);
        }

        /// <summary>The SSE half of <see cref="ReadConnectionAsync"/>, in a frame of its own so an open WebSocket does not carry its state.</summary>
        private async ValueTask ReadServerSentEventsAsync(CancellationToken session, CancellationToken token)
        {
            var sseRequest = stream.ServerSentEvents!(_lastId);
            CoderStreamInterruptedException? sseDropped = null;
            await using (var events = await SseSession.ConnectAsync(connection, sseRequest, session).ConfigureAwait(false))
            {
                _reconnector.Connected();
                var reader = events.ReadAsync().GetAsyncEnumerator(CancellationToken.None);
                try
                {
                    while (true)
                    {
                        var next = reader.MoveNextAsync();
                        if (!next.IsCompleted)
                        {
                            await writer.FlushAsync(token).ConfigureAwait(false);
                        }

                        if (!await next.ConfigureAwait(false))
                        {
                            break;
                        }

                        var (type, data) = reader.Current;
                        var items = Decode(stream, data, type, sseRequest, connection.Secrets, events.Events);
                        await DeliverAllAsync(items, new StreamFrame(sseRequest, events.Events, connection.Secrets, false), token).ConfigureAwait(false);
                    }
                }
                catch (CoderStreamInterruptedException ex) when (stream.Ended is not null)
                {
                    sseDropped = ex;
                }
                finally
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }
            }

            _ending = new(sseDropped, null, null, "coderd ended the event stream");
        }

        /// <summary>How one connection ended.</summary>
        /// <param name="Dropped">The drop, silence or message timeout that ended it; null when the server closed it (or it was stopped).</param>
        /// <param name="Status">The server's close code, when it closed a WebSocket.</param>
        /// <param name="Description">The server's close reason (secrets masked).</param>
        /// <param name="Message">What an early end is reported as.</param>
        private readonly record struct ConnectionEnd(CoderStreamInterruptedException? Dropped, WebSocketCloseStatus? Status, string? Description, string Message);

        private async ValueTask DeliverAllAsync(FrameItems<T> items, StreamFrame frame, CancellationToken token)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                stream.Inspect?.Invoke(item, frame);
                await DeliverAsync(item, token).ConfigureAwait(false);
            }
        }

        private async ValueTask DeliverAsync(T item, CancellationToken token)
        {
            if (stream.Resume == StreamResume.AfterId)
            {
                var id = stream.Id!(item);
                if (id <= _lastId)
                {
                    return; // already delivered before a reconnect
                }

                await writer.AddAsync(item, token).ConfigureAwait(false);
                _lastId = id;
            }
            else if (stream.Resume == StreamResume.SnapshotAfterId && stream.Id!(item) is var known and > 0)
            {
                if (known <= _lastId)
                {
                    return; // in the snapshot of a reconnect, delivered before it
                }

                await writer.AddAsync(item, token).ConfigureAwait(false);
                _lastId = known;
            }
            else
            {
                await writer.AddAsync(item, token).ConfigureAwait(false);
            }

            _reconnector.MadeProgress();
        }
    }
}

/// <summary>
/// The items one message decoded to, without a list per message: none (a ping, an event type the SDK does not know),
/// one (most streams), or the batch the message carried.
/// </summary>
internal readonly struct FrameItems<T>
{
    private readonly T? _one;
    private readonly IReadOnlyList<T>? _many;

    public FrameItems(T one)
    {
        _one = one;
        Count = 1;
    }

    public FrameItems(IReadOnlyList<T> many)
    {
        _many = many;
        Count = many.Count;
    }

    public int Count { get; }

    public T this[int index] => _many is { } many ? many[index] : index == 0 && Count == 1 ? _one! : throw new ArgumentOutOfRangeException(nameof(index));
}
