using System.Net.ServerSentEvents;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>
/// One open Server-Sent-Events response of a stream. Every byte that arrives (coderd's <c>event: ping</c> included,
/// which a spec-following parser does not dispatch because it has no data) pushes the silence deadline out. The bytes
/// are also tracked event by event, so an event larger than <see cref="CoderStreamOptions.MaxMessageBytes"/> ends the
/// stream before it is buffered whole, and one that takes longer than <see cref="CoderStreamOptions.MessageTimeout"/>
/// to complete counts as a dead connection however slowly it trickles in.
/// </summary>
internal sealed class SseSession : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CoderRequest _request;
    private readonly CoderStreamOptions _options;
    private readonly CoderSecretScrubber _secrets;
    private readonly IdleWatchdog _idle;
    private readonly CancellationTokenSource _message;
    private readonly CancellationTokenSource _read;
    private readonly EventTrackingStream _body;

    private SseSession(HttpResponseMessage response, Stream body, CoderRequest request, CoderConnection connection, CancellationToken stop)
    {
        _response = response;
        _request = request;
        _options = connection.StreamOptions;
        _secrets = connection.Secrets;
        _idle = new IdleWatchdog(connection.Time, _options.IdleTimeout);
        _message = new CancellationTokenSource(Timeout.InfiniteTimeSpan, connection.Time);
        _read = CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, _message.Token, stop);
        _body = new EventTrackingStream(body, this);
    }

    public long Events { get; private set; }

    public static async Task<SseSession> ConnectAsync(CoderConnection connection, CoderRequest request, CancellationToken stop)
    {
        var response = await connection.SendStreamAsync(request, stop).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            return new SseSession(response, body, request, connection, stop);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Yields each dispatched event (type and raw data) until the server ends the response. Throws
    /// <see cref="CoderStreamInterruptedException"/> when the connection drops, stays silent too long, or an event does
    /// not complete in time, and <see cref="CoderStreamException"/> (final) for an event over the size limit.
    /// </summary>
    public async IAsyncEnumerable<(string Type, byte[] Data)> ReadAsync()
    {
        var parser = SseParser.Create(_body, static (type, data) => data.ToArray());
        await using var events = parser.EnumerateAsync(_read.Token).GetAsyncEnumerator(_read.Token);
        while (true)
        {
            SseItem<byte[]> item;
            try
            {
                if (!await events.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                item = events.Current;
            }
            catch (OperationCanceledException ex) when (_message.IsCancellationRequested)
            {
                throw new CoderStreamInterruptedException(
                    $"event {Events + 1} did not complete within {_options.EffectiveMessageTimeout.TotalSeconds:0.###} s (CoderStreamOptions.MessageTimeout); it kept arriving in pieces",
                    null, null, ex);
            }
            catch (OperationCanceledException ex) when (_idle.Expired)
            {
                throw new CoderStreamInterruptedException($"no event or ping arrived for {_options.IdleTimeout.TotalSeconds:0.###} s", null, null, ex);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new CoderStreamInterruptedException("the connection dropped", null, null, ex);
            }

            Events++;
            yield return (item.EventType, item.Data);
        }
    }

    private void Touch() => _idle.Touch();

    /// <summary>An event has started (<paramref name="started"/>) or ended: run or stop the message bound.</summary>
    private void EventInProgress(bool started)
    {
        var timeout = _options.EffectiveMessageTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        try
        {
            _message.CancelAfter(started ? timeout : Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private CoderStreamException TooLarge(long eventBytes) => new(
        _request.Describe(System.Net.HttpStatusCode.OK, _secrets,
            $"event {Events + 1} is larger than the {_options.MaxMessageBytes}-byte limit (CoderStreamOptions.MaxMessageBytes); the rest was not read ({eventBytes} bytes so far)"),
        CoderStreamFailure.MessageTooLarge, Events + 1);

    public ValueTask DisposeAsync()
    {
        _body.Dispose();
        _response.Dispose();
        _read.Dispose();
        _message.Dispose();
        _idle.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A read-only pass-through stream that reports every successful read and finds event boundaries (a blank line:
    /// <c>\n\n</c>, <c>\r\n\r\n</c> or <c>\r\r</c>) to measure each event's size and duration.
    /// </summary>
    private sealed class EventTrackingStream(Stream inner, SseSession session) : Stream
    {
        private long _eventBytes;
        private bool _lineEmpty = true;
        private bool _afterCr;
        private bool _inEvent;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Track(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Track(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Track(ReadOnlySpan<byte> chunk)
        {
            if (chunk.IsEmpty)
            {
                return 0;
            }

            session.Touch();
            foreach (var b in chunk)
            {
                if (b == (byte)'\n' && _afterCr)
                {
                    _afterCr = false; // the second half of \r\n
                    continue;
                }

                _afterCr = b == (byte)'\r';
                if (b is (byte)'\n' or (byte)'\r')
                {
                    if (_lineEmpty)
                    {
                        _eventBytes = 0; // a blank line ends the event
                    }

                    _lineEmpty = true;
                    continue;
                }

                _lineEmpty = false;
                if (++_eventBytes > session._options.MaxMessageBytes)
                {
                    throw session.TooLarge(_eventBytes);
                }
            }

            var inEvent = _eventBytes > 0;
            if (inEvent != _inEvent)
            {
                _inEvent = inEvent;
                session.EventInProgress(inEvent);
            }

            return chunk.Length;
        }
    }
}
