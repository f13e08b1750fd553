using System.Net.ServerSentEvents;
using CoderSdk.Http;

namespace CoderSdk.Streaming;

/// <summary>
/// One open Server-Sent-Events response of a stream. Every byte that arrives (coderd's <c>event: ping</c> included,
/// which a spec-following parser does not dispatch because it has no data) pushes the silence deadline out.
/// </summary>
internal sealed class SseSession : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CoderStreamOptions _options;
    private readonly CancellationTokenSource _idle;
    private readonly CancellationTokenSource _read;
    private readonly ActivityStream _body;

    private SseSession(HttpResponseMessage response, Stream body, CoderConnection connection, CancellationToken stop)
    {
        _response = response;
        _options = connection.StreamOptions;
        _idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, connection.Time);
        _read = CancellationTokenSource.CreateLinkedTokenSource(_idle.Token, stop);
        _body = new ActivityStream(body, Touch);
        Touch();
    }

    public long Events { get; private set; }

    public static async Task<SseSession> ConnectAsync(CoderConnection connection, CoderRequest request, CancellationToken stop)
    {
        var response = await connection.SendStreamAsync(request, stop).ConfigureAwait(false);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(stop).ConfigureAwait(false);
            return new SseSession(response, body, connection, stop);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Yields each dispatched event (type and raw data) until the server ends the response. Throws
    /// <see cref="StreamInterruptedException"/> when the connection drops or stays silent too long.
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
            catch (OperationCanceledException ex) when (_idle.IsCancellationRequested)
            {
                throw new StreamInterruptedException($"no event or ping arrived for {_options.IdleTimeout.TotalSeconds:0.###} s", null, null, ex);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new StreamInterruptedException("the connection dropped", null, null, ex);
            }

            Events++;
            yield return (item.EventType, item.Data);
        }
    }

    private void Touch()
    {
        if (_options.IdleTimeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        try
        {
            _idle.CancelAfter(_options.IdleTimeout);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _body.Dispose();
        _response.Dispose();
        _read.Dispose();
        _idle.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>A read-only pass-through stream that reports every successful read.</summary>
    private sealed class ActivityStream(Stream inner, Action onActivity) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Report(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

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

        private int Report(int read)
        {
            if (read > 0)
            {
                onActivity();
            }

            return read;
        }
    }
}
