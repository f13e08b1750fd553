using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>
/// Runs a two-way <see cref="StreamDeclaration{T}"/>: one WebSocket, a dedicated receive loop into a bounded channel
/// (so pings are answered while nobody reads), and serialized sends. The session lives in the connection, so it never
/// reconnects: when the server closes or drops it, reading and sending both end with <see cref="CoderStreamException"/>
/// (<see cref="CoderStreamFailure.Closed"/>, with the close code and reason), never with the runtime's
/// <see cref="ObjectDisposedException"/>. Frame checks are the one-way streams' own (<see cref="DeclaredStream.Decode{T}"/>).
/// </summary>
/// <typeparam name="TSend">What the client sends.</typeparam>
/// <typeparam name="TItem">What the server sends.</typeparam>
internal sealed class DeclaredSession<TSend, TItem> : IAsyncDisposable
{
    private readonly CoderConnection _connection;
    private readonly StreamDeclaration<TItem> _stream;
    private readonly JsonTypeInfo<TSend> _send;
    private readonly CoderRequest _request;
    private readonly Channel<TItem> _items;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private WebSocketSession _socket = null!;
    private Task _receiver = Task.CompletedTask;
    private Exception? _ended;
    private bool _socketGone;
    private int _disposed;

    private DeclaredSession(CoderConnection connection, StreamDeclaration<TItem> stream, JsonTypeInfo<TSend> send)
    {
        _connection = connection;
        _stream = stream;
        _send = send;
        _request = stream.NameRequest(0);
        _items = Channel.CreateBounded<TItem>(new BoundedChannelOptions(connection.StreamOptions.BufferCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Opens the session's socket; a refused handshake throws its typed exception, as for every stream.</summary>
    public static async Task<DeclaredSession<TSend, TItem>> OpenAsync(CoderConnection connection, StreamDeclaration<TItem> stream, JsonTypeInfo<TSend> send, CancellationToken cancellationToken)
    {
        if (stream.Direction != StreamDirection.TwoWay || stream.WebSocket is null || stream.Resume != StreamResume.None)
        {
            throw new InvalidOperationException("A session is a two-way WebSocket stream that does not reconnect.");
        }

        var session = new DeclaredSession<TSend, TItem>(connection, stream, send);
        try
        {
            // The caller's token cancels the connect only; afterwards the session's own token closes the socket.
            using (cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), session._stop))
            {
                session._socket = await WebSocketSession.ConnectAsync(connection, session._request, serverReads: true, session._stop.Token).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        catch
        {
            if (session._socket is not null)
            {
                await session._socket.DisposeAsync().ConfigureAwait(false);
            }

            session._stop.Dispose();
            throw;
        }

        session._receiver = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
        return session;
    }

    /// <summary>Sends one message. Throws <see cref="CoderStreamException"/> once the server has closed or dropped the session.</summary>
    public async Task SendAsync(TSend message, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, _send);
        CoderStreamInterruptedException? refused = null;
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_socketGone)
            {
                try
                {
                    await _socket.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (CoderStreamInterruptedException ex)
                {
                    refused = ex;
                }
            }
        }
        finally
        {
            _sendLock.Release();
        }

        // The server closed or dropped the session: let the receive loop learn how (its close frame, if it sent one), then say so.
        try
        {
            await _receiver.WaitAsync(_connection.StreamOptions.CloseTimeout, _connection.Time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        throw Volatile.Read(ref _ended) switch
        {
            CoderStreamException ended => new CoderStreamException(ended.Info, ended.Failure, ended.FrameNumber, ended.CloseStatus, ended.CloseDescription, ended),
            { } other => other,
            null => Closed(refused!.Message, refused.CloseStatus, refused.CloseDescription, refused),
        };
    }

    /// <summary>The server's messages, in order, until the session ends; a server close ends the sequence with <see cref="CoderStreamException"/>.</summary>
    public async IAsyncEnumerable<TItem> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _items.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_items.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _socket.ReceiveAsync().ConfigureAwait(false) is { } frame)
            {
                var items = DeclaredStream.Decode(_stream, frame.Span, null, _request, _connection.Secrets, _socket.Frames);
                for (var i = 0; i < items.Count; i++)
                {
                    var item = items[i];
                    _stream.Inspect?.Invoke(item, new StreamFrame(_request, _socket.Frames, _connection.Secrets, true));
                    await _items.Writer.WriteAsync(item, _stop.Token).ConfigureAwait(false);
                }
            }

            if (!_stop.IsCancellationRequested)
            {
                failure = Closed("coderd closed the session", _socket.CloseStatus, _socket.CloseDescription, null);
            }
        }
        catch (CoderStreamInterruptedException ex) when (!_stop.IsCancellationRequested)
        {
            failure = Closed(ex.CloseStatus is null ? ex.Describe() : ex.Message, ex.CloseStatus ?? _socket.CloseStatus, ex.CloseDescription ?? _socket.CloseDescription, ex);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The caller disposed the session.
        }
        catch (Exception ex)
        {
            failure = ex; // frame checks: already a CoderStreamException naming the stream
        }

        Volatile.Write(ref _ended, failure);
        // Answer the server's close frame (or send ours) and let go of the socket; sends from now on see _socketGone.
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _socketGone = true;
            await _socket.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }

        _items.Writer.TryComplete(failure);
    }

    private CoderStreamException Closed(string problem, WebSocketCloseStatus? status, string? description, Exception? inner) => new(
        _request.Describe(HttpStatusCode.SwitchingProtocols, _connection.Secrets,
            status is { } code ? $"{problem} (close {(int)code}{(string.IsNullOrEmpty(description) ? string.Empty : " \"" + description + "\"")})" : problem),
        CoderStreamFailure.Closed, null, status, description, inner);

    /// <summary>Closes the socket (close frame 1000, waiting at most <see cref="CoderStreamOptions.CloseTimeout"/> for the answer).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _receiver.ConfigureAwait(false);
        _items.Writer.TryComplete();
        _stop.Dispose();
    }
}
