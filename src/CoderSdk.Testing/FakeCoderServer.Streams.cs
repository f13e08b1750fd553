using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Testing;

/// <summary>
/// coderd's live protocols: provisioner log follows (WebSocket, one JSON object per frame, close 1000 "done"), agent
/// log follows (frames are JSON arrays), workspace and agent-metadata watches (one-way WebSocket envelopes, or
/// Server-Sent Events with pings), plus the agents, template versions and dry runs they need. Streams obey
/// <see cref="Streams"/>: ping interval, pong timeout, and queued faults.
/// </summary>
public sealed partial class FakeCoderServer
{
    /// <summary>Stream settings, queued faults, and the record of every stream.</summary>
    public FakeStreamControl Streams { get; }

    private void MapStreamEndpoints(WebApplication app)
    {
        State.JobChanged += OnJobChanged;
        app.Use(FollowBuildLogsAsync);

        app.MapGet("/api/v2/templateversions/{templateversion}", (HttpContext c, string templateversion) =>
            ParseUuid(c, templateversion, out var id) is { } bad ? bad
            : State.TemplateVersion(id) is { } version ? Json(c, 200, FakeCoderJson.TemplateVersion(version, State)) : NotFound(c));
        app.MapGet("/api/v2/templateversions/{templateversion}/logs", (HttpContext c, string templateversion) =>
            ParseUuid(c, templateversion, out var id) is { } bad ? Task.FromResult(bad)
            : State.TemplateVersion(id) is { } version ? JobLogsAsync(c, version.JobId) : Task.FromResult(NotFound(c)));
        app.MapGet("/api/v2/templateversions/{templateversion}/dry-run/{jobID}", (HttpContext c, string templateversion, string jobID) =>
            FindDryRun(c, templateversion, jobID, out var run) ?? Json(c, 200, FakeCoderJson.Job(run!, null, null, State)));
        app.MapGet("/api/v2/templateversions/{templateversion}/dry-run/{jobID}/logs", (HttpContext c, string templateversion, string jobID) =>
            FindDryRun(c, templateversion, jobID, out var run) is { } failed ? Task.FromResult(failed) : JobLogsAsync(c, run!.Id));

        app.MapGet("/api/v2/workspaceagents/{workspaceagent}", (HttpContext c, string workspaceagent) =>
            ParseUuid(c, workspaceagent, out var id) is { } bad ? bad
            : State.Agent(id) is { } agent ? Json(c, 200, FakeCoderJson.Agent(agent)) : NotFound(c));
        app.MapGet("/api/v2/workspaceagents/{workspaceagent}/logs", (HttpContext c, string workspaceagent) =>
            ParseUuid(c, workspaceagent, out var id) is { } bad ? Task.FromResult(bad)
            : State.Agent(id) is { } agent ? AgentLogsAsync(c, agent) : Task.FromResult(NotFound(c)));
        app.MapGet("/api/v2/workspaceagents/{workspaceagent}/watch-metadata-ws", (HttpContext c, string workspaceagent) =>
            WatchAsync(c, workspaceagent, viaWebSocket: true, WatchMetadataAsync));
        app.MapGet("/api/v2/workspaceagents/{workspaceagent}/watch-metadata", (HttpContext c, string workspaceagent) =>
            WatchAsync(c, workspaceagent, viaWebSocket: false, WatchMetadataAsync));

        app.MapGet("/api/v2/workspaces/{workspace}/watch-ws", (HttpContext c, string workspace) =>
            WatchAsync(c, workspace, viaWebSocket: true, WatchWorkspaceAsync));
        app.MapGet("/api/v2/workspaces/{workspace}/watch", (HttpContext c, string workspace) =>
            WatchAsync(c, workspace, viaWebSocket: false, WatchWorkspaceAsync));
    }

    private IResult? FindDryRun(HttpContext c, string rawVersion, string rawJob, out FakeJob? run)
    {
        run = null;
        if (ParseUuid(c, rawVersion, out var version) is { } badVersion)
        {
            return badVersion;
        }

        if (ParseUuid(c, rawJob, out var job) is { } badJob)
        {
            return badJob;
        }

        run = State.DryRun(version, job);
        return run is null ? NotFound(c) : null;
    }

    /// <summary>Called when a build is queued: watchers see the new (pending) build.</summary>
    private void OnBuildQueued(FakeBuild build) => State.NotifyWorkspaceChanged(build.WorkspaceId);

    private void OnJobChanged(FakeJob job)
    {
        if (State.BuildOfJob(job.Id) is not { } build)
        {
            return;
        }

        if (job.Status == "succeeded")
        {
            if (build.Transition == "start")
            {
                var agent = State.AddAgent(build);
                StartAgent(agent);
            }
            else
            {
                // Stopping or deleting shuts down the agents of earlier builds.
                var workspace = State.Workspace(build.WorkspaceId)!;
                foreach (var earlier in workspace.BuildIds.Select(id => State.Build(id)!).Where(b => b.Id != build.Id))
                {
                    foreach (var agent in State.AgentsOf(earlier).Where(a => a.Lifecycle != "off"))
                    {
                        State.SetAgentLifecycle(agent.Id, "off");
                    }
                }
            }
        }

        State.NotifyWorkspaceChanged(build.WorkspaceId);
    }

    /// <summary>Runs an agent's start-up in the background (when jobs advance on their own): logs, metadata, ready.</summary>
    private void StartAgent(FakeAgent agent)
    {
        if (!Options.AutoAdvanceJobs)
        {
            return;
        }

        var token = Stopping;
        _jobRunners.Add(Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Options.JobStepDelay, Options.TimeProvider, token).ConfigureAwait(false);
                State.SetAgentLifecycle(agent.Id, "starting");
                for (var i = 1; i <= 3; i++)
                {
                    await Task.Delay(Options.JobStepDelay, Options.TimeProvider, token).ConfigureAwait(false);
                    State.AppendAgentLogs(agent.Id, $"startup script: step {i} of 3");
                }

                State.SetAgentMetadata(agent.Id, "cpu", "3%", "CPU Usage");
                await Task.Delay(Options.JobStepDelay, Options.TimeProvider, token).ConfigureAwait(false);
                State.SetAgentLifecycle(agent.Id, "ready");
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None));
    }

    // ---- provisioner job logs ----

    private async Task FollowBuildLogsAsync(HttpContext context, RequestDelegate next)
    {
        // Core serves the plain read of /workspacebuilds/{id}/logs; the follow is handled here.
        var segments = (context.Request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "v2", "workspacebuilds", var raw, "logs"] && context.Request.Query.ContainsKey("follow") &&
            Guid.TryParse(raw, out var buildId) && State.Build(buildId) is { } build)
        {
            var result = await JobLogsAsync(context, build.JobId).ConfigureAwait(false);
            await result.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Serves a job's log: a JSON array, or with <c>follow</c> the WebSocket stream.</summary>
    private async Task<IResult> JobLogsAsync(HttpContext c, Guid jobId)
    {
        var query = c.Request.Query;
        if (!long.TryParse(query["after"].ToString() is { Length: > 0 } a ? a : "0", out var after))
        {
            return Json(c, 400, FakeCoderJson.Error("Query param \"after\" must be an integer.", validations: [("after", "Must be an integer")]));
        }

        if (!query.ContainsKey("follow"))
        {
            return Json(c, 200, new JsonArray([.. State.Logs(jobId, after).Select(l => (JsonNode)FakeCoderJson.Log(l))]));
        }

        if (!c.WebSockets.IsWebSocketRequest)
        {
            return Json(c, 400, FakeCoderJson.Error("Failed to accept websocket.", "the client did not ask for a WebSocket upgrade"));
        }

        await RunWebSocketAsync(c, stream => FollowJobAsync(stream, jobId, after)).ConfigureAwait(false);
        return Results.Empty;
    }

    private async Task FollowJobAsync(FakeStream stream, Guid jobId, long after)
    {
        // Like coderd: subscribe first, then send the backlog, then live lines; close 1000 "done" once the job ends.
        var wake = Channel.CreateUnbounded<bool>();
        void OnLog(FakeJob job, FakeLog log)
        {
            if (job.Id == jobId)
            {
                wake.Writer.TryWrite(true);
            }
        }

        void OnJob(FakeJob job)
        {
            if (job.Id == jobId)
            {
                wake.Writer.TryWrite(true);
            }
        }

        State.LogAppended += OnLog;
        State.JobChanged += OnJob;
        stream.Record.MarkSubscribed();
        try
        {
            var sent = after;
            while (true)
            {
                var completed = State.Job(jobId)!.IsCompleted;
                foreach (var log in State.Logs(jobId, sent))
                {
                    await stream.SendAsync(FakeCoderJson.Log(log).ToJsonString()).ConfigureAwait(false);
                    sent = log.Id;
                }

                if (completed)
                {
                    return;
                }

                await wake.Reader.ReadAsync(stream.Token).ConfigureAwait(false);
                while (wake.Reader.TryRead(out _))
                {
                }
            }
        }
        finally
        {
            State.LogAppended -= OnLog;
            State.JobChanged -= OnJob;
        }
    }

    // ---- agent logs ----

    private async Task<IResult> AgentLogsAsync(HttpContext c, FakeAgent agent)
    {
        var query = c.Request.Query;
        if (!long.TryParse(query["after"].ToString() is { Length: > 0 } a ? a : "0", out var after) || after < 0)
        {
            return Json(c, 400, FakeCoderJson.Error("Query param \"after\" must be an integer greater than or equal to zero.", validations: [("after", "Must be an integer greater than or equal to zero")]));
        }

        if (!query.ContainsKey("follow"))
        {
            return Json(c, 200, FakeCoderJson.AgentLogs(State.AgentLogs(agent.Id, after)));
        }

        await RunWebSocketAsync(c, stream => FollowAgentAsync(stream, agent, after)).ConfigureAwait(false);
        return Results.Empty;
    }

    private async Task FollowAgentAsync(FakeStream stream, FakeAgent agent, long after)
    {
        // Like coderd: the first frame is the backlog (maybe []), then one array per batch; coderd keeps the stream open
        // after start-up and ends it only when the agent leaves the workspace's latest build (here: when it is off).
        var wake = Channel.CreateUnbounded<bool>();
        void OnLogs(FakeAgent changed, IReadOnlyList<FakeAgentLog> logs) => Wake(changed);
        void OnAgent(FakeAgent changed) => Wake(changed);
        void Wake(FakeAgent changed)
        {
            if (changed.Id == agent.Id)
            {
                wake.Writer.TryWrite(true);
            }
        }

        State.AgentLogsAppended += OnLogs;
        State.AgentChanged += OnAgent;
        try
        {
            var backlog = State.AgentLogs(agent.Id, after);
            await stream.SendAsync(FakeCoderJson.AgentLogs(backlog).ToJsonString() + "\n").ConfigureAwait(false);
            var sent = backlog.Count > 0 ? backlog[^1].Id : after;
            while (true)
            {
                await wake.Reader.ReadAsync(stream.Token).ConfigureAwait(false);
                while (wake.Reader.TryRead(out _))
                {
                }

                var off = State.Agent(agent.Id)!.Lifecycle == "off";
                var batch = State.AgentLogs(agent.Id, sent);
                if (batch.Count > 0)
                {
                    await stream.SendAsync(FakeCoderJson.AgentLogs(batch).ToJsonString() + "\n").ConfigureAwait(false);
                    sent = batch[^1].Id;
                }

                if (off)
                {
                    return;
                }
            }
        }
        finally
        {
            State.AgentLogsAppended -= OnLogs;
            State.AgentChanged -= OnAgent;
        }
    }

    // ---- watches ----

    private async Task<IResult> WatchAsync(HttpContext c, string rawId, bool viaWebSocket, Func<FakeStream, Guid, Task> body)
    {
        if (viaWebSocket && !Streams.WebSocketWatchEnabled)
        {
            return Json(c, 404, FakeCoderJson.Error("Route not found."));
        }

        if (ParseUuid(c, rawId, out var id) is { } bad)
        {
            return bad;
        }

        var isWorkspace = c.Request.Path.StartsWithSegments("/api/v2/workspaces", StringComparison.Ordinal);
        if (isWorkspace ? State.Workspace(id) is null : State.Agent(id) is null)
        {
            return NotFound(c);
        }

        if (viaWebSocket)
        {
            await RunWebSocketAsync(c, stream => body(stream, id)).ConfigureAwait(false);
        }
        else
        {
            await RunServerSentEventsAsync(c, stream => body(stream, id)).ConfigureAwait(false);
        }

        return Results.Empty;
    }

    private Task WatchWorkspaceAsync(FakeStream stream, Guid workspaceId) =>
        WatchChangesAsync(stream, workspaceId,
            handler =>
            {
                State.WorkspaceChanged += handler;
                return () => State.WorkspaceChanged -= handler;
            },
            () => FakeCoderJson.Workspace(State.Workspace(workspaceId)!, State).ToJsonString());

    private Task WatchMetadataAsync(FakeStream stream, Guid agentId) =>
        WatchChangesAsync(stream, agentId,
            handler =>
            {
                void OnAgent(FakeAgent agent) => handler(agent.Id);
                State.AgentChanged += OnAgent;
                return () => State.AgentChanged -= OnAgent;
            },
            () => FakeCoderJson.AgentMetadata(State.AgentMetadata(agentId), State.Now).ToJsonString());

    /// <summary>Sends a ping event, a snapshot, then a snapshot after each change of <paramref name="id"/>, until the stream ends.</summary>
    private static async Task WatchChangesAsync(FakeStream stream, Guid id, Func<Action<Guid>, Action> subscribe, Func<string> snapshot)
    {
        var wake = Channel.CreateUnbounded<bool>();
        var closed = 0;
        void OnChange(Guid changed)
        {
            if (changed == id && Volatile.Read(ref closed) == 0)
            {
                wake.Writer.TryWrite(true);
            }
        }

        var unsubscribe = subscribe(OnChange);
        try
        {
            await stream.SendEventAsync("ping", null, countsAsMessage: false).ConfigureAwait(false);
            while (true)
            {
                await stream.SendEventAsync("data", snapshot()).ConfigureAwait(false);
                await wake.Reader.ReadAsync(stream.Token).ConfigureAwait(false);
                while (wake.Reader.TryRead(out _))
                {
                }
            }
        }
        finally
        {
            Volatile.Write(ref closed, 1);
            unsubscribe();
        }
    }

    // ---- transports ----

    private async Task RunWebSocketAsync(HttpContext c, Func<FakeStream, Task> body)
    {
        var record = Streams.Open("websocket", c.Request.Path + c.Request.QueryString);
        var stall = record.Fault?.Kind == FakeStreamFaultKind.Stall;
        var accept = new WebSocketAcceptContext { DangerousEnableCompression = false };
        if (!stall && Streams.PingInterval > TimeSpan.Zero)
        {
            accept.KeepAliveInterval = Streams.PingInterval;
#if NET9_0_OR_GREATER
            // ASP.NET Core 9 and later can close a socket whose peer stops answering pings; on .NET 8 pings are only sent.
            if (Streams.PongTimeout > TimeSpan.Zero)
            {
                accept.KeepAliveTimeout = Streams.PongTimeout;
            }
#endif
        }

        using var socket = await c.WebSockets.AcceptWebSocketAsync(accept).ConfigureAwait(false);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, Stopping);
        var inbound = Channel.CreateUnbounded<string>();
        var stream = new FakeStream(this, c, record, end, socket, null) { Inbound = inbound.Reader };
        // A stalled stream does not read either, so the client's pings go unanswered.
        var reader = stall ? Task.CompletedTask : ReadClientAsync(socket, record, end, inbound.Writer);
        try
        {
            await body(stream).ConfigureAwait(false);
            await stream.CloseAsync(WebSocketCloseStatus.NormalClosure, "done").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            record.End(Stopping.IsCancellationRequested ? "server-stopping" : "client-gone", Streams.Now);
        }
        finally
        {
            if (stream.CloseSent)
            {
                // Like coderd, wait (briefly) for the client's answer to the close frame instead of resetting the
                // connection, which would discard frames the client has not read yet.
                await Task.WhenAny(reader, Task.Delay(TimeSpan.FromSeconds(1), Stopping)).ConfigureAwait(false);
            }

            await end.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(false);
        }
    }

    private async Task ReadClientAsync(WebSocket socket, FakeStreamRecord record, CancellationTokenSource end, ChannelWriter<string> inbound)
    {
        var buffer = new byte[1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, end.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    // Two-way streams read what the client sends; one-way streams never look at it.
                    message.Write(buffer, 0, result.Count);
                    if (result.EndOfMessage)
                    {
                        inbound.TryWrite(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                        message.SetLength(0);
                    }
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    record.ClientCloseStatus = socket.CloseStatus;
                    record.End("client-close", Streams.Now);
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).ConfigureAwait(false);
                    }

                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            if (!end.IsCancellationRequested)
            {
                var pong = ex.Message.Contains("Pong", StringComparison.OrdinalIgnoreCase) || ex.InnerException?.Message.Contains("Pong", StringComparison.OrdinalIgnoreCase) == true;
                record.End(pong ? "pong-timeout" : "client-gone", Streams.Now);
            }
        }
        finally
        {
            inbound.TryComplete();
            await end.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task RunServerSentEventsAsync(HttpContext c, Func<FakeStream, Task> body)
    {
        var record = Streams.Open("sse", c.Request.Path + c.Request.QueryString);
        c.Response.StatusCode = 200;
        c.Response.Headers.ContentType = "text/event-stream";
        c.Response.Headers.CacheControl = "no-cache";
        c.Response.Headers["X-Accel-Buffering"] = "no";
        await c.Response.Body.FlushAsync(c.RequestAborted).ConfigureAwait(false);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, Stopping);
        var stream = new FakeStream(this, c, record, end, null, c.Response.Body);
        var pinger = record.Fault?.Kind == FakeStreamFaultKind.Stall || Streams.PingInterval <= TimeSpan.Zero ? Task.CompletedTask : PingAsync(stream);
        try
        {
            await body(stream).ConfigureAwait(false);
            record.End("server-done", Streams.Now);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            record.End(Stopping.IsCancellationRequested ? "server-stopping" : "client-gone", Streams.Now);
        }
        finally
        {
            await end.CancelAsync().ConfigureAwait(false);
            await pinger.ConfigureAwait(false);
        }
    }

    private async Task PingAsync(FakeStream stream)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Streams.PingInterval, Options.TimeProvider, stream.Token).ConfigureAwait(false);
                await stream.SendEventAsync("ping", null, countsAsMessage: false).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
        }
    }

    /// <summary>One accepted stream: sends messages (WebSocket frames or SSE events) and applies its fault.</summary>
    private sealed class FakeStream(FakeCoderServer server, HttpContext context, FakeStreamRecord record, CancellationTokenSource end, WebSocket? socket, Stream? sse)
    {
        private readonly SemaphoreSlim _send = new(1, 1);
        private bool _faulted;

        public CancellationToken Token => end.Token;

        public bool CloseSent { get; private set; }

        /// <summary>The text messages the client sent (WebSocket streams only); completes when the client closes or goes away.</summary>
        public ChannelReader<string>? Inbound { get; init; }

        public FakeStreamRecord Record => record;

        /// <summary>Sends one message: a WebSocket text frame (SSE streams use <see cref="SendEventAsync"/>).</summary>
        public Task SendAsync(string message) => SendCoreAsync(message, null, true);

        /// <summary>Sends a watch event: <c>{"type":...,"data":...}</c> over WebSocket, <c>event:/data:</c> over SSE.</summary>
        public Task SendEventAsync(string type, string? data, bool countsAsMessage = true) => SendCoreAsync(data, type, countsAsMessage);

        public async Task CloseAsync(WebSocketCloseStatus status, string description)
        {
            if (socket is { State: WebSocketState.Open })
            {
                await _send.WaitAsync(Token).ConfigureAwait(false);
                try
                {
                    await socket.CloseOutputAsync(status, description, Token).ConfigureAwait(false);
                    CloseSent = true;
                }
                finally
                {
                    _send.Release();
                }
            }

            record.End("server-done", server.Streams.Now);
        }

        private async Task SendCoreAsync(string? payload, string? eventType, bool countsAsMessage)
        {
            if (countsAsMessage && !_faulted && record.Fault is { } fault && record.MessagesSent >= fault.AfterMessages)
            {
                _faulted = true;
                await ApplyAsync(fault).ConfigureAwait(false);
            }

            await WriteAsync(payload, eventType).ConfigureAwait(false);
            if (countsAsMessage)
            {
                record.CountMessage();
            }
        }

        private async Task ApplyAsync(FakeStreamFault fault)
        {
            switch (fault.Kind)
            {
                case FakeStreamFaultKind.Drop:
                    record.End("fault", server.Streams.Now);
                    // A reset discards whatever the client has not read yet (the 101 answer included, when the drop comes
                    // right after the backlog burst); give the frames already sent a moment to drain, so the drop lands
                    // after them, as a dropped connection mid-stream does.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), Token).ConfigureAwait(false);
                    context.Abort();
                    throw new OperationCanceledException("fault: connection dropped");
                case FakeStreamFaultKind.Close:
                    record.End("fault", server.Streams.Now);
                    if (socket is not null)
                    {
                        await CloseAsync(fault.CloseStatus, fault.CloseDescription).ConfigureAwait(false);
                    }

                    throw new OperationCanceledException("fault: closed");
                case FakeStreamFaultKind.Stall:
                    await Task.Delay(Timeout.Infinite, Token).ConfigureAwait(false);
                    break;
                case FakeStreamFaultKind.Malformed:
                    await WriteAsync(fault.Payload, socket is null ? "data" : null, raw: true).ConfigureAwait(false);
                    record.CountMessage();
                    break;
                case FakeStreamFaultKind.Binary:
                    await WriteFrameAsync(Encoding.UTF8.GetBytes(fault.Payload), WebSocketMessageType.Binary, true).ConfigureAwait(false);
                    record.CountMessage();
                    break;
                case FakeStreamFaultKind.InvalidUtf8:
                    // "ok" then a lone continuation byte and a truncated two-byte sequence: not UTF-8.
                    await WriteFrameAsync([(byte)'"', (byte)'o', (byte)'k', 0x80, 0xC3, (byte)'"'], WebSocketMessageType.Text, true).ConfigureAwait(false);
                    record.CountMessage();
                    break;
                case FakeStreamFaultKind.Oversized:
                    var big = new byte[Math.Max(fault.Size, 2)];
                    big.AsSpan().Fill((byte)'a');
                    big[0] = big[^1] = (byte)'"';
                    if (socket is null)
                    {
                        await WriteAsync(Encoding.ASCII.GetString(big), "data", raw: true).ConfigureAwait(false);
                    }
                    else
                    {
                        await WriteFrameAsync(big, WebSocketMessageType.Text, true).ConfigureAwait(false);
                    }

                    record.CountMessage();
                    break;
                case FakeStreamFaultKind.Trickle:
                    await TrickleAsync(fault.Interval).ConfigureAwait(false);
                    break;
            }
        }

        /// <summary>An endless message: a first fragment, then one byte per fragment until the stream ends.</summary>
        private async Task TrickleAsync(TimeSpan interval)
        {
            if (socket is null)
            {
                await WriteRawSseAsync("event: data\ndata: [").ConfigureAwait(false);
            }
            else
            {
                await WriteFrameAsync("["u8.ToArray(), WebSocketMessageType.Text, false).ConfigureAwait(false);
            }

            record.CountFragment();
            while (true)
            {
                await Task.Delay(interval, server.Options.TimeProvider, Token).ConfigureAwait(false);
                if (socket is null)
                {
                    await WriteRawSseAsync(" ").ConfigureAwait(false);
                }
                else
                {
                    await WriteFrameAsync(" "u8.ToArray(), WebSocketMessageType.Text, false).ConfigureAwait(false);
                }

                record.CountFragment();
            }
        }

        private async Task WriteFrameAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage)
        {
            await _send.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                await socket!.SendAsync(bytes, type, endOfMessage, Token).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task WriteRawSseAsync(string text)
        {
            await _send.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                await sse!.WriteAsync(Encoding.UTF8.GetBytes(text), Token).ConfigureAwait(false);
                await sse.FlushAsync(Token).ConfigureAwait(false);
            }
            finally
            {
                _send.Release();
            }
        }

        private async Task WriteAsync(string? payload, string? eventType, bool raw = false)
        {
            await _send.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                if (socket is not null)
                {
                    var text = eventType is null || raw ? payload! : $"{{\"type\":\"{eventType}\",\"data\":{payload ?? "null"}}}";
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, Token).ConfigureAwait(false);
                }
                else
                {
                    var text = $"event: {eventType ?? "data"}\n" + (payload is null ? string.Empty : $"data: {payload}\n") + "\n";
                    await sse!.WriteAsync(Encoding.UTF8.GetBytes(text), Token).ConfigureAwait(false);
                    await sse.FlushAsync(Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _send.Release();
            }
        }
    }
}
