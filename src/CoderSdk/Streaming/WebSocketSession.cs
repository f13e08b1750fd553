using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>
/// One open WebSocket of a stream: reads whole messages, checks them (text only, valid UTF-8, within
/// <see cref="CoderStreamOptions.MaxMessageBytes"/> and <see cref="CoderStreamOptions.MessageTimeout"/>), watches for
/// silence, and closes gracefully. Only receives: coderd's stream sockets are one-way and the SDK never sends a data
/// frame (control frames, i.e. pongs, keep-alives and the close handshake, are handled by <see cref="ClientWebSocket"/>).
/// </summary>
internal sealed class WebSocketSession : IAsyncDisposable
{
    // The runtime reports invalid UTF-8 in a text frame as Faulted without a message of its own; protocol errors
    // (reserved bits, bad opcodes, ...) carry one. Both come from the same resources, so the comparison holds in any culture.
    private static readonly string InvalidUtf8Message = new WebSocketException(WebSocketError.Faulted).Message;

    private readonly ClientWebSocket _socket;
    private readonly CoderRequest _request;
    private readonly CoderStreamOptions _options;
    private readonly CoderSecretScrubber _secrets;
    /// <summary>The silence bound; null when there is none (a keep-alive timeout finds dead peers instead).</summary>
    private readonly IdleWatchdog? _idle;

    /// <summary>
    /// Cancels the pending receive. One source serves every bound of the connection (an open stream holds one source
    /// and no links): the message timeout sets and clears its timer (<see cref="CoderClientOptions.TimeProvider"/>),
    /// the idle watchdog cancels it, and so does the close timeout once the stream stops. The catch filters in
    /// <see cref="ReceiveAsync"/> tell them apart by what else is true (silence expired, closing, a message timer running).
    /// </summary>
    private readonly CancellationTokenSource _receive;
    private readonly CancellationTokenRegistration _stopRegistration;
    private readonly TimeSpan _messageTimeout;
    private readonly TimeProvider _time;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private int _closing;
    private bool _messageTimerRunning;
    private long _messageStarted;
    private (WebSocketCloseStatus Status, string Reason)? _refusal;

    /// <summary>Set once the stream stops: gives up on the receive when the server does not answer the close frame.</summary>
    private Timer? _closeTimer;

    /// <summary>The close frame <see cref="BeginClose"/> sends from the thread pool; <see cref="DisposeAsync"/> waits for it.</summary>
    private Task _stopClose = Task.CompletedTask;

    private WebSocketSession(ClientWebSocket socket, CoderRequest request, CoderConnection connection, bool watchIdle, CancellationToken stop)
    {
        _socket = socket;
        _request = request;
        _options = connection.StreamOptions;
        _secrets = connection.Secrets;
        _messageTimeout = _options.EffectiveMessageTimeout;
        _time = connection.Time;
        _receive = new CancellationTokenSource(Timeout.InfiniteTimeSpan, connection.Time);
        _idle = watchIdle && _options.IdleTimeout != Timeout.InfiniteTimeSpan ? new IdleWatchdog(connection.Time, _options.IdleTimeout, _receive) : null;
        // Stopping the stream starts the close handshake instead of cancelling the receive (which would abort the
        // socket at once): the server sees a proper close frame and the pending receive ends with the server's reply.
        _stopRegistration = stop.UnsafeRegister(static state => ((WebSocketSession)state!).BeginClose(), this);
    }

    /// <summary>
    /// Tests only: aborts the socket as the runtime does when a cancellation lands just after a receive completed, to
    /// force the order in which the next receive meets an aborted socket rather than a cancelled token.
    /// </summary>
    internal async Task AbortLikeALateCancellationAsync()
    {
        // The runtime's own path: cancelling a pending receive aborts the connection under the ClientWebSocket.
        using var cancel = new CancellationTokenSource();
        var pending = _socket.ReceiveAsync(new byte[16], cancel.Token);
        await cancel.CancelAsync().ConfigureAwait(false);
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Messages received on this connection so far.</summary>
    public long Frames { get; private set; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    /// <summary>The server's close reason, with the client's secrets masked.</summary>
    public string? CloseDescription => _secrets.Scrub(_socket.CloseStatusDescription);

    public bool TimedOut => _idle?.Expired == true;

    /// <summary>
    /// Tests only: awaited by the stop's close task before it sends the close frame, to hold the frame back and so
    /// force an interleaving (the session disposed while the stop's close frame has not gone out yet).
    /// </summary>
    internal Func<Task>? BeforeStopClose { get; set; }

    /// <summary>Opens the stream's socket.</summary>
    /// <param name="connection">The client's connection.</param>
    /// <param name="request">The stream request.</param>
    /// <param name="serverReads">The server answers pings (watch sockets); see <see cref="CoderConnection.ConnectWebSocketAsync"/>.</param>
    /// <param name="stop">Stopping the stream closes the socket gracefully.</param>
    public static async Task<WebSocketSession> ConnectAsync(CoderConnection connection, CoderRequest request, bool serverReads, CancellationToken stop)
    {
        var socket = await connection.ConnectWebSocketAsync(request, serverReads, stop).ConfigureAwait(false);
        // With a keep-alive timeout (watch sockets on .NET 9+) the runtime finds dead peers by ping; elsewhere silence is the only sign.
        var keepAliveTimeoutActive = false;
#if NET9_0_OR_GREATER
        keepAliveTimeoutActive = socket.Options.KeepAliveTimeout > TimeSpan.Zero && socket.Options.KeepAliveTimeout != Timeout.InfiniteTimeSpan;
#endif
        return new WebSocketSession(socket, request, connection, watchIdle: !keepAliveTimeoutActive, stop);
    }

    /// <summary>
    /// Receives the next whole message. Returns null when the server closed the socket (see <see cref="CloseStatus"/>).
    /// Throws <see cref="CoderStreamInterruptedException"/> when the connection drops, stays silent too long, or a
    /// message does not complete in time; throws <see cref="CoderStreamException"/> (final: the server is broken)
    /// for a binary message, invalid UTF-8 or another protocol violation, and a message over the size limit.
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>?> ReceiveAsync()
    {
        _buffer.ResetWrittenCount();
        var number = Frames + 1;
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(_buffer.GetMemory(4096), _receive.Token).ConfigureAwait(false);
                Touch();
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    StopMessageTimer();
                    return null;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    throw Refuse(WebSocketCloseStatus.InvalidMessageType, "binary messages are not accepted", CoderStreamFailure.ProtocolViolation, number,
                        $"message {number} is a binary message; coderd sends its streams as text frames");
                }

                _buffer.Advance(result.Count);
                if (_buffer.WrittenCount > _options.MaxMessageBytes)
                {
                    throw Refuse(WebSocketCloseStatus.MessageTooBig, "message too big", CoderStreamFailure.MessageTooLarge, number,
                        $"message {number} is larger than the {_options.MaxMessageBytes}-byte limit (CoderStreamOptions.MaxMessageBytes); the rest was not read");
                }

                if (result.EndOfMessage)
                {
                    StopMessageTimer();
                    Frames++;
                    return _buffer.WrittenMemory;
                }

                StartMessageTimer();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException || (ex is WebSocketException && _receive.IsCancellationRequested))
        {
            // The receive was cancelled, and the runtime aborts the socket when that happens. A cancel that lands just as
            // a receive completes aborts the socket after its data was returned, so the next receive fails with
            // WebSocketException (InvalidState) instead of OperationCanceledException: both mean the same here, and
            // which bound cancelled is told by what else is true.
            if (MessageTimedOut)
            {
                throw MessageTimeout(number, ex);
            }

            if (TimedOut)
            {
                throw new CoderStreamInterruptedException($"no frame arrived for {_options.IdleTimeout.TotalSeconds:0.###} s", null, null, ex);
            }

            if (Volatile.Read(ref _closing) != 0)
            {
                // The close handshake did not finish in time and the socket was dropped: the stream is ending anyway.
                return null;
            }

            if (_receive.IsCancellationRequested)
            {
                // Not silence and not the close: the message timer, which fired just as its message completed.
                throw MessageTimeout(number, ex);
            }

            // The runtime aborted the socket itself: on .NET 9+ that is the keep-alive ping going unanswered.
            throw new CoderStreamInterruptedException("the connection was aborted (unanswered keep-alive ping?)", null, null, ex);
        }
        catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.Faulted && Volatile.Read(ref _closing) == 0)
        {
            // The runtime has already answered with a close frame (1007 or 1002) and aborted the socket.
            var problem = ex.Message == InvalidUtf8Message
                ? $"message {number} is a text frame that is not valid UTF-8"
                : $"message {number} broke the WebSocket protocol (invalid UTF-8 or a malformed frame): {ex.Message}";
            throw new CoderStreamException(Describe(problem), CoderStreamFailure.ProtocolViolation, number, innerException: ex);
        }
        catch (WebSocketException ex) when (Volatile.Read(ref _closing) == 0)
        {
            throw new CoderStreamInterruptedException("the connection dropped", null, null, ex);
        }
        catch (WebSocketException) when (Volatile.Read(ref _closing) != 0)
        {
            return null;
        }
    }

    /// <summary>
    /// Sends one text message (two-way streams only; callers serialize their sends). Throws
    /// <see cref="CoderStreamInterruptedException"/> when the socket is no longer open for sending, because the server
    /// closed or dropped it, instead of the runtime's <see cref="ObjectDisposedException"/> or <see cref="InvalidOperationException"/>.
    /// </summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (_socket.State != WebSocketState.Open || Volatile.Read(ref _closing) != 0)
        {
            throw new CoderStreamInterruptedException("the connection is closed for sending", CloseStatus, CloseDescription, null);
        }

        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            Touch();
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            throw new CoderStreamInterruptedException("the connection closed while a message was being sent", CloseStatus, CloseDescription, ex);
        }
    }

    private CoderErrorInfo Describe(string problem) =>
        _request.Describe(HttpStatusCode.SwitchingProtocols, _secrets, problem);

    /// <summary>The server sent something the stream cannot carry: close with <paramref name="status"/> on the way out, and fail for good.</summary>
    private CoderStreamException Refuse(WebSocketCloseStatus status, string reason, CoderStreamFailure failure, long number, string problem)
    {
        _refusal = (status, reason);
        StopMessageTimer();
        return new CoderStreamException(Describe(problem), failure, number);
    }

    /// <summary>True when the message being received has been arriving for longer than its bound.</summary>
    private bool MessageTimedOut => _messageTimerRunning && _time.GetElapsedTime(_messageStarted) >= _messageTimeout;

    private CoderStreamInterruptedException MessageTimeout(long number, Exception ex)
    {
        _messageTimerRunning = false;
        return new CoderStreamInterruptedException(
            $"message {number} did not complete within {_messageTimeout.TotalSeconds:0.###} s (CoderStreamOptions.MessageTimeout); {_buffer.WrittenCount} bytes of it had arrived in fragments",
            null, null, ex);
    }

    private void StartMessageTimer()
    {
        if (_messageTimerRunning || _messageTimeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _messageTimerRunning = true;
        _messageStarted = _time.GetTimestamp();
        _receive.CancelAfter(_messageTimeout);
    }

    private void StopMessageTimer()
    {
        if (!_messageTimerRunning)
        {
            return;
        }

        _messageTimerRunning = false;
        _receive.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts the silence bound (<see cref="CoderStreamOptions.IdleTimeout"/>) again.</summary>
    public void Touch() => _idle?.Touch();

    private void CancelReceive()
    {
        try
        {
            _receive.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void BeginClose()
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        Volatile.Write(ref _stopClose, Task.Run(async () =>
        {
            try
            {
                if (BeforeStopClose is { } hold)
                {
                    await hold().ConfigureAwait(false);
                }

                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var timeout = new CancellationTokenSource(_options.CloseTimeout);
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closed the stream", timeout.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
            }

            // If the server does not answer the close frame, the pending receive gives up after CloseTimeout (real
            // time, as the close frame's own timeout; a timer of its own, so the message timer cannot move it).
            Volatile.Write(ref _closeTimer, new Timer(static state => ((WebSocketSession)state!).CancelReceive(), this, _options.CloseTimeout, Timeout.InfiniteTimeSpan));
        }));
    }

    public async ValueTask DisposeAsync()
    {
        // Once the registration is gone, BeginClose has either run to its end or never will. If it claimed the close,
        // its frame goes out from the thread pool, possibly after the receive loop has ended and called this (a frame
        // arrived after the stop, a busy machine): wait for it, so the close below does not send a second one.
        await _stopRegistration.DisposeAsync().ConfigureAwait(false);
        await Volatile.Read(ref _stopClose).ConfigureAwait(false);
        // The receive loop has ended, so no receive is pending and the close handshake is finished here, with the
        // runtime's CloseAsync: it sends the close frame unless one went out already (the stop's, or a refusal's),
        // then reads, discarding any data, until the server's close frame arrives. Letting go of the socket before
        // that reply (the loop ended on something else: the consumer stopped while a frame was still being handed over)
        // closes a connection with unread bytes, which the kernel turns into a reset the server may see as an abort.
        var state = _socket.State;
        if (state is WebSocketState.CloseSent or WebSocketState.CloseReceived || (state == WebSocketState.Open && Interlocked.Exchange(ref _closing, 1) == 0))
        {
            try
            {
                using var timeout = new CancellationTokenSource(_options.CloseTimeout);
                var (status, reason) = _refusal ?? (WebSocketCloseStatus.NormalClosure, "client closed the stream");
                await _socket.CloseAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
            }
        }

        _socket.Dispose();
        if (Volatile.Read(ref _closeTimer) is { } closeTimer)
        {
            await closeTimer.DisposeAsync().ConfigureAwait(false);
        }

        _idle?.Dispose();
        _receive.Dispose();
    }
}
