using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Terminal;

namespace CoderSdk.Streaming;

/// <summary>
/// <see cref="ICoderTerminal"/> over coderd's reconnecting PTY WebSocket. Every connection is opened through the
/// client's connection (token header, header command, origin check, typed handshake errors). Input goes out as binary
/// frames holding <c>{"data":...}</c> or <c>{"height":..,"width":..}</c> (coderd reads the socket as a byte stream of
/// JSON objects, binary frames only: codersdk/workspacesdk/workspacesdk.go); output comes back as binary frames of raw
/// PTY bytes. A receive loop moves output into a bounded channel; a drop reattaches with the same reconnect id under the
/// stream reconnect policy (<see cref="StreamReconnector"/>), and <see cref="TerminalReplay"/> trims the replay.
/// </summary>
internal sealed class CoderTerminal : ICoderTerminal
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly CoderConnection _connection;
    private readonly Guid _agent;
    private readonly CoderTerminalOptions _options;
    private readonly Channel<ReadOnlyMemory<byte>> _output;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TerminalReplay _replay = new();
    private readonly object _gate = new();
    private TaskCompletionSource<ClientWebSocket> _live = NewLive();
    private Task _pump = Task.CompletedTask;
    private int _width;
    private int _height;
    private int _reconnects;
    private int _closing;
    private int _disposed;

    private CoderTerminal(CoderConnection connection, Guid agent, CoderTerminalOptions options)
    {
        _connection = connection;
        _agent = agent;
        _options = options;
        _width = options.Width;
        _height = options.Height;
        ReconnectId = options.ReconnectId ?? Guid.NewGuid();
        _output = Channel.CreateBounded<ReadOnlyMemory<byte>>(new BoundedChannelOptions(connection.StreamOptions.BufferCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public Guid ReconnectId { get; }

    public int Reconnects => Volatile.Read(ref _reconnects);

    public long ReplayedBytesSkipped => Interlocked.Read(ref _skipped);

    private long _skipped;
    private ClientWebSocket? _current;

    /// <summary>Opens the first connection (a refused upgrade throws its typed exception) and starts the receive loop.</summary>
    public static async Task<CoderTerminal> OpenAsync(CoderConnection connection, Guid agent, CoderTerminalOptions options, CancellationToken cancellationToken)
    {
        options.Validate();
        var terminal = new CoderTerminal(connection, agent, options);
        var socket = await connection.ConnectWebSocketAsync(terminal.Request(), serverReads: true, cancellationToken).ConfigureAwait(false);
        terminal.MarkUp(socket);
        terminal._pump = Task.Run(() => terminal.PumpAsync(socket), CancellationToken.None);
        return terminal;
    }

    /// <summary>The upgrade request; the token travels in the header the connection adds, never in this query.</summary>
    internal CoderRequest Request() => CoderStreamHandshakes.StreamOpenTerminal(_agent)
        .Query("reconnect", ReconnectId)
        .Query("width", Volatile.Read(ref _width))
        .Query("height", Volatile.Read(ref _height))
        .Query("command", _options.Command ?? string.Empty)
        .Query("container", string.IsNullOrEmpty(_options.Container) ? null : _options.Container)
        .Query("container_user", string.IsNullOrEmpty(_options.ContainerUser) ? null : _options.ContainerUser);

    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _output.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_output.Reader.TryRead(out var chunk))
            {
                yield return chunk;
            }
        }
    }

    public async IAsyncEnumerable<string> ReadTextAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Replacement, not an exception: terminal output is whatever the program wrote, and one bad byte must not end the session.
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        var chars = new char[4096];
        await foreach (var chunk in ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (Decode(decoder, chunk.Span, ref chars, flush: false) is { Length: > 0 } text)
            {
                yield return text;
            }
        }

        if (Decode(decoder, [], ref chars, flush: true) is { Length: > 0 } rest)
        {
            yield return rest;
        }
    }

    private static string Decode(Decoder decoder, ReadOnlySpan<byte> bytes, ref char[] chars, bool flush)
    {
        var needed = decoder.GetCharCount(bytes, flush);
        if (chars.Length < needed)
        {
            chars = new char[needed];
        }

        var count = decoder.GetChars(bytes, chars, flush);
        return new string(chars, 0, count);
    }

    public Task WriteAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? Task.CompletedTask : SendAsync(Message(text, null), cancellationToken);
    }

    public Task WriteUtf8Async(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken = default)
    {
        if (utf8.IsEmpty)
        {
            return Task.CompletedTask;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ArgumentException("Terminal input must be valid UTF-8: coderd carries it as a JSON string.", nameof(utf8), ex);
        }

        return SendAsync(Message(text, null), cancellationToken);
    }

    public Task ResizeAsync(int width, int height, CancellationToken cancellationToken = default)
    {
        new CoderTerminalOptions { Width = width, Height = height }.Validate();
        Volatile.Write(ref _width, width);
        Volatile.Write(ref _height, height);
        return SendAsync(Message(null, (width, height)), cancellationToken);
    }

    private static byte[] Message(string? data, (int Width, int Height)? size)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (data is not null)
            {
                json.WriteString("data", data);
            }

            if (size is { } s)
            {
                json.WriteNumber("height", s.Height);
                json.WriteNumber("width", s.Width);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task SendAsync(byte[] message, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        while (true)
        {
            var socket = await Live().WaitAsync(cancellationToken).ConfigureAwait(false);
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (socket.State == WebSocketState.Open && Volatile.Read(ref _closing) == 0)
                {
                    await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
            catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                // The connection went away under the send: wait for the receive loop's next connection (or its end).
            }
            finally
            {
                _sendLock.Release();
            }

            if (Volatile.Read(ref _closing) != 0)
            {
                throw Ended("the terminal is closed for sending", null, null, null);
            }

            MarkDown(socket);
        }
    }

    private async Task PumpAsync(ClientWebSocket first)
    {
        Exception? failure = null;
        try
        {
            if (_options.Reconnect)
            {
                var reconnector = new StreamReconnector(_connection, Request());
                var socket = first;
                await reconnector.RunAsync(
                    async token =>
                    {
                        if (socket is null)
                        {
                            socket = await _connection.ConnectWebSocketAsync(Request(), serverReads: true, token).ConfigureAwait(false);
                            _replay.BeginReplay();
                            Interlocked.Increment(ref _reconnects);
                            MarkUp(socket);
                            reconnector.Connected();
                        }

                        var current = socket;
                        socket = null;
                        await ReadConnectionAsync(current, reconnector, token).ConfigureAwait(false);
                    },
                    _stop.Token).ConfigureAwait(false);
            }
            else
            {
                try
                {
                    await ReadConnectionAsync(first, null, _stop.Token).ConfigureAwait(false);
                }
                catch (CoderStreamInterruptedException ex)
                {
                    throw Ended(ex.CloseStatus is null ? ex.Describe() : ex.Message, ex.CloseStatus, ex.CloseDescription, ex);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        MarkEnded(failure ?? Ended("the terminal session has ended", null, null, null));
        Volatile.Read(ref _current)?.Dispose();
        _output.Writer.TryComplete(failure);
    }

    /// <summary>
    /// Reads one connection until it ends. Returns when the server closed it normally (the command exited, or our own
    /// close was answered); throws <see cref="CoderStreamInterruptedException"/> for a drop or a 1011 close (coderd
    /// could not reach the agent), and <see cref="CoderStreamException"/> for anything final.
    /// </summary>
    private async Task ReadConnectionAsync(ClientWebSocket socket, StreamReconnector? reconnector, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                WebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    await DeliverAsync(_replay.Flush(), cancellationToken).ConfigureAwait(false);
                    MarkDown(socket);
                    socket.Dispose();
                    if (Volatile.Read(ref _closing) != 0)
                    {
                        return;
                    }

                    throw new CoderStreamInterruptedException("the connection dropped", null, null, ex);
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await DeliverAsync(_replay.Flush(), cancellationToken).ConfigureAwait(false);
                    MarkDown(socket);
                    var status = socket.CloseStatus;
                    var description = _connection.Secrets.Scrub(socket.CloseStatusDescription);
                    await CloseSocketAsync(socket, WebSocketCloseStatus.NormalClosure, "client closed the terminal").ConfigureAwait(false);
                    if (status is null or WebSocketCloseStatus.NormalClosure || Volatile.Read(ref _closing) != 0)
                    {
                        return;
                    }

                    if (status == WebSocketCloseStatus.InternalServerError)
                    {
                        throw new CoderStreamInterruptedException("coderd could not reach the agent", status, description, null);
                    }

                    throw Ended("coderd closed the terminal", status, description, null);
                }

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    MarkDown(socket);
                    await CloseSocketAsync(socket, WebSocketCloseStatus.InvalidMessageType, "text frames are not accepted").ConfigureAwait(false);
                    throw new CoderStreamException(
                        Request().Describe(HttpStatusCode.SwitchingProtocols, _connection.Secrets,
                            "the server sent a text frame; coderd sends terminal output as binary frames"),
                        CoderStreamFailure.ProtocolViolation);
                }

                var fresh = _replay.Accept(buffer.AsSpan(0, result.Count));
                if (!fresh.IsEmpty)
                {
                    reconnector?.MadeProgress();
                    await DeliverAsync(fresh, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Interlocked.Exchange(ref _skipped, _replay.Skipped);
        }
    }

    private ValueTask DeliverAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) =>
        chunk.IsEmpty ? ValueTask.CompletedTask : _output.Writer.WriteAsync(chunk, cancellationToken);

    /// <summary>Sends a close frame (answering the server's, or refusing what it sent) under the send lock, then lets the socket go.</summary>
    private async Task CloseSocketAsync(ClientWebSocket socket, WebSocketCloseStatus status, string reason)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(_connection.StreamOptions.CloseTimeout);
                await socket.CloseOutputAsync(status, reason, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            _sendLock.Release();
            socket.Dispose();
        }
    }

    private CoderStreamException Ended(string problem, WebSocketCloseStatus? status, string? description, Exception? inner) => new(
        Request().Describe(HttpStatusCode.SwitchingProtocols, _connection.Secrets,
            status is { } code ? $"{problem} (close {(int)code}{(string.IsNullOrEmpty(description) ? string.Empty : " \"" + description + "\"")})" : problem),
        CoderStreamFailure.Closed, null, status, description, inner);

    private static TaskCompletionSource<ClientWebSocket> NewLive() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Task<ClientWebSocket> Live()
    {
        lock (_gate)
        {
            return _live.Task;
        }
    }

    private void MarkUp(ClientWebSocket socket)
    {
        lock (_gate)
        {
            _current = socket;
            if (_live.Task.IsCompleted)
            {
                _live = NewLive();
            }

            _live.TrySetResult(socket);
        }
    }

    private void MarkDown(ClientWebSocket socket)
    {
        lock (_gate)
        {
            if (_live.Task.IsCompletedSuccessfully && ReferenceEquals(_live.Task.Result, socket))
            {
                _live = NewLive();
            }
        }
    }

    private void MarkEnded(Exception ended)
    {
        lock (_gate)
        {
            if (_live.Task.IsCompleted)
            {
                _live = NewLive();
            }

            _live.TrySetException(ended);
        }
    }

    public async Task CloseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            ClientWebSocket? socket = null;
            lock (_gate)
            {
                if (_live.Task.IsCompletedSuccessfully)
                {
                    socket = _live.Task.Result;
                }
            }

            if (socket is null)
            {
                // Between connections (a reconnect is waiting or connecting): nothing to close, stop the loop.
                await _stop.CancelAsync().ConfigureAwait(false);
            }
            else
            {
                await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (socket.State == WebSocketState.Open)
                    {
                        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                        timeout.CancelAfter(_connection.StreamOptions.CloseTimeout);
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "client closed the terminal", timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
                {
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }

        // The receive loop ends with the server's close answer; if it does not come in time (socket housekeeping, on
        // real time like the other streams' close waits), stop it.
        try
        {
            await _pump.WaitAsync(_connection.StreamOptions.CloseTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await _pump.ConfigureAwait(false);
            _output.Writer.TryComplete();
            _stop.Dispose();
        }
    }
}
