using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Testing;

/// <summary>
/// One terminal session of the fake agent. With a command, it runs the command and ends (closing its connections
/// with 1000), as the agent does when the process exits; without one, it is an interactive shell without a prompt that
/// echoes what is typed and runs each line. Output goes out as binary frames with <c>\n</c> turned into <c>\r\n</c>,
/// like a PTY.
/// </summary>
public sealed class FakeTerminalSession
{
    private const int ReplayBytes = 64 * 1024;

    private readonly object _gate = new();
    private readonly List<Connection> _connections = [];
    private readonly TimeProvider _time;
    private readonly Channel<string> _input = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _output = new();
    private readonly List<string> _inputs = [];
    private readonly TaskCompletionSource<int?> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private byte[] _replay = [];
    private int _attachments;
    private bool _ended;
    private event Action? Changed;

    internal FakeTerminalSession(Guid reconnectId, Guid agentId, string command, int width, int height, TimeProvider time)
    {
        ReconnectId = reconnectId;
        AgentId = agentId;
        Command = command;
        Width = width;
        Height = height;
        _time = time;
    }

    /// <summary>The session's reconnect id.</summary>
    public Guid ReconnectId { get; }

    /// <summary>The agent it runs on.</summary>
    public Guid AgentId { get; }

    /// <summary>The command it runs (empty: an interactive shell).</summary>
    public string Command { get; }

    /// <summary>The terminal's latest width (from the query string or a resize message).</summary>
    public int Width { get; private set; }

    /// <summary>The terminal's latest height.</summary>
    public int Height { get; private set; }

    /// <summary>Connections that attached so far (the first one included).</summary>
    public int Attachments => Volatile.Read(ref _attachments);

    /// <summary>Everything the session has written, as text (with the PTY's <c>\r\n</c>).</summary>
    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>The <c>data</c> of every input message received, in order.</summary>
    public IReadOnlyList<string> Inputs
    {
        get
        {
            lock (_gate)
            {
                return [.. _inputs];
            }
        }
    }

    /// <summary>Completes when the session ends, with the shell's exit code (null when the server stopped it).</summary>
    public Task<int?> Exited => _exited.Task;

    /// <summary>Waits until the session's output contains <paramref name="text"/>.</summary>
    /// <param name="text">The text to wait for.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once the text is there.</returns>
    public Task WaitForOutputAsync(string text, CancellationToken cancellationToken = default) =>
        WaitAsync(() => Output.Contains(text, StringComparison.Ordinal), cancellationToken);

    /// <summary>Waits until at least <paramref name="count"/> connections have attached.</summary>
    /// <param name="count">The number of attachments.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once they have.</returns>
    public Task WaitForAttachmentsAsync(int count, CancellationToken cancellationToken = default) =>
        WaitAsync(() => Attachments >= count, cancellationToken);

    /// <summary>Connections attached right now.</summary>
    public int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Waits until exactly <paramref name="count"/> connections are attached (0: the client has gone).</summary>
    /// <param name="count">The number of open connections.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once that many are open.</returns>
    public Task WaitForOpenConnectionsAsync(int count, CancellationToken cancellationToken = default) =>
        WaitAsync(() => OpenConnections == count, cancellationToken);

    /// <summary>Aborts every open connection of the session without a close frame (a dropped network); the session and its command keep running.</summary>
    public void DropConnections()
    {
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Context.Abort();
            }

            _connections.Clear();
        }

        Changed?.Invoke();
    }

    /// <summary>
    /// Sends one raw frame to the open connections, outside the session's output and replay buffer: split UTF-8, invalid
    /// bytes, or a text frame (which coderd never sends), to test how a client copes.
    /// </summary>
    /// <param name="bytes">The frame's payload.</param>
    /// <param name="text">Send a text frame instead of a binary one.</param>
    public void InjectFrame(ReadOnlyMemory<byte> bytes, bool text = false)
    {
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Outbox.Writer.TryWrite(new Frame(bytes.ToArray(), text ? WebSocketMessageType.Text : WebSocketMessageType.Binary));
            }
        }
    }

    private async Task WaitAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged()
        {
            if (condition())
            {
                changed.TrySetResult();
            }
        }

        Changed += OnChanged;
        try
        {
            OnChanged();
            await changed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Changed -= OnChanged;
        }
    }

    internal void Start(CancellationToken stopping, Action forget) => _ = Task.Run(async () =>
    {
        var shell = new FakeShell(_time, Write);
        int? code = null;
        try
        {
            if (Command.Length > 0)
            {
                code = await shell.RunAsync(Command, stopping).ConfigureAwait(false) ?? shell.Status;
            }
            else
            {
                code = await InteractiveAsync(shell, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        forget();
        lock (_gate)
        {
            _ended = true;
            foreach (var connection in _connections)
            {
                connection.Outbox.Writer.TryComplete();
            }

            _connections.Clear();
        }

        _exited.TrySetResult(code);
        Changed?.Invoke();
    }, CancellationToken.None);

    /// <summary>A prompt-free shell: echoes what is typed, runs each line, ends on <c>exit</c>.</summary>
    private async Task<int?> InteractiveAsync(FakeShell shell, CancellationToken stopping)
    {
        var line = new StringBuilder();
        await foreach (var data in _input.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
        {
            foreach (var c in data)
            {
                if (c is '\r' or '\n')
                {
                    Write("\n");
                    var script = line.ToString();
                    line.Clear();
                    if (await shell.RunAsync(script, stopping).ConfigureAwait(false) is { } code)
                    {
                        return code;
                    }
                }
                else
                {
                    Write(c.ToString());
                    line.Append(c);
                }
            }
        }

        return null;
    }

    private void Write(string text)
    {
        var pty = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(pty);
        lock (_gate)
        {
            _output.Append(pty);
            var keep = Math.Min(ReplayBytes, _replay.Length + bytes.Length);
            var replay = new byte[keep];
            var fromOld = keep - Math.Min(bytes.Length, keep);
            _replay.AsSpan(_replay.Length - fromOld).CopyTo(replay);
            bytes.AsSpan(bytes.Length - (keep - fromOld)).CopyTo(replay.AsSpan(fromOld));
            _replay = replay;
            foreach (var connection in _connections)
            {
                connection.Outbox.Writer.TryWrite(new Frame(bytes, WebSocketMessageType.Binary));
            }
        }

        Changed?.Invoke();
    }

    /// <summary>Serves one WebSocket connection: replay, then live output; input and resizes from the client.</summary>
    internal async Task ServeAsync(HttpContext context, WebSocket socket, CancellationToken stopping)
    {
        var connection = new Connection(context);
        lock (_gate)
        {
            // Like the agent: the replay goes out before any live output, under the same lock.
            if (_replay.Length > 0)
            {
                connection.Outbox.Writer.TryWrite(new Frame(_replay, WebSocketMessageType.Binary));
            }

            if (_ended)
            {
                connection.Outbox.Writer.TryComplete();
            }
            else
            {
                _connections.Add(connection);
            }
        }

        Interlocked.Increment(ref _attachments);
        Changed?.Invoke();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stopping, context.RequestAborted);
        var sender = Task.Run(() => SendLoopAsync(socket, connection, done.Token), CancellationToken.None);
        try
        {
            await ReceiveLoopAsync(socket, connection, done.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }

            Changed?.Invoke();
            connection.Outbox.Writer.TryComplete();
            try
            {
                // Let the sender answer the client's close frame (socket housekeeping, on real time), then stop it.
                await sender.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or TimeoutException)
            {
            }

            await done.CancelAsync().ConfigureAwait(false);
            try
            {
                await sender.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
            }
        }
    }

    private static async Task SendLoopAsync(WebSocket socket, Connection connection, CancellationToken cancellationToken)
    {
        await foreach (var frame in connection.Outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await socket.SendAsync(frame.Bytes, frame.Type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }

        // The session ended (the command exited): close as coderd does when the agent's side of the PTY closes.
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, Connection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    connection.Outbox.Writer.TryComplete();
                }

                return;
            }

            if (result.MessageType == WebSocketMessageType.Text)
            {
                // coderd reads the socket as binary only and closes on anything else (StatusUnsupportedData).
                await socket.CloseOutputAsync(WebSocketCloseStatus.InvalidMessageType, "unexpected frame type read (expected MessageBinary)", cancellationToken).ConfigureAwait(false);
                return;
            }

            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            HandleInput(message.ToArray());
            message.SetLength(0);
        }
    }

    private void HandleInput(byte[] json)
    {
        var request = System.Text.Json.Nodes.JsonNode.Parse(json)?.AsObject();
        if (request is null)
        {
            return;
        }

        if (request["data"]?.GetValue<string>() is { Length: > 0 } data)
        {
            lock (_gate)
            {
                _inputs.Add(data);
            }

            _input.Writer.TryWrite(data);
        }

        if (request["height"]?.GetValue<int>() is > 0 and var height && request["width"]?.GetValue<int>() is > 0 and var width)
        {
            Height = height;
            Width = width;
        }

        Changed?.Invoke();
    }

    private readonly record struct Frame(byte[] Bytes, WebSocketMessageType Type);

    private sealed class Connection(HttpContext context)
    {
        public HttpContext Context { get; } = context;

        public Channel<Frame> Outbox { get; } = Channel.CreateUnbounded<Frame>();
    }
}
