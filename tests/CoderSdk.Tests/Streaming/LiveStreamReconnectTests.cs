using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// Reconnects of coderd's newer streams over real sockets: the fake server drops the connection at a chosen message
/// ("drop after N messages"), the test publishes only once the new connection listens (<see cref="FakeStreamRecord.Subscribed"/>),
/// so what is delivered across the drop is fixed: live-only streams go on with what happens after the resume point,
/// snapshot streams start again with the current state. Each checks the reconnect signals and their attempt numbers.
/// Also: frames shaped exactly as the spec describes them round-trip.
/// </summary>
public sealed class LiveStreamReconnectTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WatchAllBuildsAsync_ConnectionDrops_ReconnectsAndDeliversEveryUpdateAfterTheResumePoint()
    {
        var signals = new Signals();
        await using var env = await FakeEnvironment.StartAsync(streams: signals.Attach);
        var (first, firstBuild) = env.CreateWorkspace("first");
        var (second, secondBuild) = env.CreateWorkspace("second");
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/watch-all-workspacebuilds"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchAllBuildsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var seen = new List<(Guid Workspace, string Status)>();

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/watch-all-workspacebuilds");
        env.State.AdvanceJob(firstBuild.JobId); // running: delivered
        Assert.True(await next);
        seen.Add((watch.Current.WorkspaceId, watch.Current.JobStatus.Value));
        next = watch.MoveNextAsync();
        env.State.AdvanceJob(firstBuild.JobId); // succeeded: this send drops the connection, the update is lost
        await env.SubscribedAsync("/watch-all-workspacebuilds", nth: 2);
        env.State.AdvanceJob(secondBuild.JobId);
        env.State.AdvanceJob(secondBuild.JobId);
        Assert.True(await next);
        seen.Add((watch.Current.WorkspaceId, watch.Current.JobStatus.Value));
        Assert.True(await watch.MoveNextAsync());
        seen.Add((watch.Current.WorkspaceId, watch.Current.JobStatus.Value));

        Assert.Equal([(first.Id, "running"), (second.Id, "running"), (second.Id, "succeeded")], seen);
        signals.AssertOneReconnect("GET /api/experimental/watch-all-workspacebuilds");
        Assert.Equal(2, env.Server.Streams.History.Count(s => s.Path.Contains("/watch-all-workspacebuilds", StringComparison.Ordinal)));
        Assert.Equal("fault", env.Server.Streams.History[0].EndedBy);
    }

    [Fact]
    public async Task WatchReinitializationAsync_EventStreamDrops_ReconnectsAndDeliversTheSignalsAfterTheResumePoint()
    {
        var signals = new Signals();
        await using var env = await FakeEnvironment.StartAsync(streams: signals.Attach);
        Guid before = Guid.NewGuid(), lost = Guid.NewGuid(), after = Guid.NewGuid(), later = Guid.NewGuid();
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/workspaceagents/me/reinit"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchReinitializationAsync(wait: true, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var seen = new List<Guid>();

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/workspaceagents/me/reinit");
        env.Server.Live.Reinitialize(before);
        Assert.True(await next);
        seen.Add(watch.Current.WorkspaceId!.Value);
        next = watch.MoveNextAsync();
        env.Server.Live.Reinitialize(lost); // this event drops the connection
        await env.SubscribedAsync("/workspaceagents/me/reinit", nth: 2);
        env.Server.Live.Reinitialize(after);
        env.Server.Live.Reinitialize(later);
        Assert.True(await next);
        seen.Add(watch.Current.WorkspaceId!.Value);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(watch.Current.WorkspaceId!.Value);

        Assert.Equal([before, after, later], seen);
        signals.AssertOneReconnect("GET /api/v2/workspaceagents/me/reinit");
        var streams = env.Server.Streams.History.Where(s => s.Path.Contains("/reinit", StringComparison.Ordinal)).ToList();
        Assert.All(streams, s => Assert.Equal("sse", s.Kind));
        Assert.All(streams, s => Assert.Contains("wait", s.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChatsWatchAsync_ConnectionDrops_ReconnectsAndDeliversTheEventsAfterTheResumePoint()
    {
        var signals = new Signals();
        await using var env = await FakeEnvironment.StartAsync(streams: signals.Attach);
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/chats/watch"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchChatsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var seen = new List<(string Kind, string? Title)>();

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/chats/watch");
        var chat = env.Server.Live.AddChat("first");
        Assert.True(await next);
        seen.Add((watch.Current.Kind.Value, watch.Current.Chat.Title));
        next = watch.MoveNextAsync();
        env.Server.Live.AddChat("lost in the drop"); // this event drops the connection
        await env.SubscribedAsync("/chats/watch", nth: 2);
        env.Server.Live.PublishChatChange(chat, "title_change", "renamed");
        env.Server.Live.AddChat("second");
        Assert.True(await next);
        seen.Add((watch.Current.Kind.Value, watch.Current.Chat.Title));
        Assert.True(await watch.MoveNextAsync());
        seen.Add((watch.Current.Kind.Value, watch.Current.Chat.Title));

        Assert.Equal([("created", "first"), ("title_change", "renamed"), ("created", "second")], seen);
        signals.AssertOneReconnect("GET /api/experimental/chats/watch");
    }

    [Fact]
    public async Task ChatsWatchGitAsync_ConnectionDrops_ReconnectsAndDeliversTheReportsAfterTheResumePoint()
    {
        var signals = new Signals();
        await using var env = await FakeEnvironment.StartAsync(streams: signals.Attach);
        var chat = env.Server.Live.AddChat();
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/stream/git"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchChatGitAsync(chat, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var seen = new List<string>();

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/stream/git");
        env.Server.Live.PublishGit(chat, "/repo/before");
        Assert.True(await next);
        seen.Add(Assert.Single(watch.Current.Repositories!).RepoRoot!);
        next = watch.MoveNextAsync();
        env.Server.Live.PublishGit(chat, "/repo/lost"); // this report drops the connection
        await env.SubscribedAsync("/stream/git", nth: 2);
        env.Server.Live.PublishGit(chat, "/repo/after");
        env.Server.Live.PublishGit(chat, "/repo/later");
        Assert.True(await next);
        seen.Add(Assert.Single(watch.Current.Repositories!).RepoRoot!);
        Assert.True(await watch.MoveNextAsync());
        seen.Add(Assert.Single(watch.Current.Repositories!).RepoRoot!);

        Assert.Equal(["/repo/before", "/repo/after", "/repo/later"], seen);
        signals.AssertOneReconnect("GET /api/experimental/chats/{chat}/stream/git");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatsStreamAsync_ConnectionDrops_ReconnectsWithTheCurrentStateThenGoesOnLive(bool partsOnly)
    {
        var signals = new Signals();
        await using var env = await FakeEnvironment.StartAsync(streams: signals.Attach);
        var chat = env.Server.Live.AddChat();
        env.Server.Live.PublishChatStreamEvent(chat, "status", "running");
        env.Server.Live.PublishChatStreamEvent(chat, "message_part");
        var path = $"/chats/{chat:D}/stream" + (partsOnly ? "/parts" : string.Empty);
        // Message 1 is the snapshot batch; the next one (a live event) drops the connection.
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, path));
        using var cancel = new CancellationTokenSource(Patience);
        var stream = partsOnly ? env.Client.Streams.StreamChatPartsAsync(chat, cancel.Token) : env.Client.Streams.StreamChatAsync(chat, cancellationToken: cancel.Token);
        var seen = new List<string>();
        var snapshotSize = partsOnly ? 1 : 2;

        await foreach (var item in stream)
        {
            Assert.Equal(chat, item.ChatId);
            seen.Add(item.Type.Value);
            if (seen.Count == snapshotSize)
            {
                env.Server.Live.PublishChatStreamEvent(chat, "message_part"); // kept in the chat, lost on this connection
            }
            else if (seen.Count == (2 * snapshotSize) + 1)
            {
                // The second snapshot has arrived, with the event the drop cut off; live events flow again.
                await env.SubscribedAsync(path, nth: 2);
                env.Server.Live.PublishChatStreamEvent(chat, partsOnly ? "message_part" : "message");
            }
            else if (seen.Count == (2 * snapshotSize) + 2)
            {
                break;
            }
        }

        string[] expected = partsOnly
            ? ["message_part", "message_part", "message_part", "message_part"]
            : ["status", "message_part", "status", "message_part", "message_part", "message"];
        Assert.Equal(expected, seen);
        signals.AssertOneReconnect(partsOnly ? "GET /api/experimental/chats/{chat}/stream/parts" : "GET /api/experimental/chats/{chat}/stream");
        var streams = env.Server.Streams.History.Where(s => s.Path.EndsWith(path, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, streams.Count);
        Assert.Equal("fault", streams[0].EndedBy);
    }

    [Fact]
    public async Task StreamChatAsync_ConnectionDrops_ResumesAfterTheLastMessageDelivered_SoNoMessageRepeats()
    {
        var signals = new Signals();
        await using var env = await FakeEnvironment.StartAsync(streams: signals.Attach);
        var chat = env.Server.Live.AddChat();
        env.Server.Live.PublishChatStreamEvent(chat, "status", "running");
        env.Server.Live.PublishChatStreamEvent(chat, "message");
        env.Server.Live.PublishChatStreamEvent(chat, "message");
        var path = $"/chats/{chat:D}/stream";
        // Message 1 is the snapshot batch (status, messages 1 and 2); the next one (a live event) drops the connection.
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, path));
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<string>();

        await foreach (var item in env.Client.Streams.StreamChatAsync(chat, cancellationToken: cancel.Token))
        {
            seen.Add(item.Message is { } message ? $"message {message.Id}" : item.Type.Value);
            if (seen.Count == 3)
            {
                env.Server.Live.PublishChatStreamEvent(chat, "message"); // message 3: kept in the chat, lost on this connection
            }
            else if (seen.Count == 5)
            {
                // The second snapshot (status, message 3: not 1 or 2 again) has arrived; live events flow again.
                await env.SubscribedAsync(path, nth: 2);
                env.Server.Live.PublishChatStreamEvent(chat, "message");
            }
            else if (seen.Count == 6)
            {
                break;
            }
        }

        Assert.Equal(["status", "message 1", "message 2", "status", "message 3", "message 4"], seen);
        signals.AssertOneReconnect("GET /api/experimental/chats/{chat}/stream");
        var targets = env.Server.Requests.Where(r => r.RawTarget.Contains(path, StringComparison.Ordinal)).Select(r => r.RawTarget).ToList();
        Assert.Equal(2, targets.Count);
        Assert.DoesNotContain("after_id", targets[0], StringComparison.Ordinal);
        Assert.EndsWith("?after_id=2", targets[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamChatAsync_AfterMessageId_StartsAfterIt_AndANegativeOneIsRefused()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var chat = env.Server.Live.AddChat();
        env.Server.Live.PublishChatStreamEvent(chat, "message");
        env.Server.Live.PublishChatStreamEvent(chat, "message");
        using var cancel = new CancellationTokenSource(Patience);

        await using var stream = env.Client.Streams.StreamChatAsync(chat, afterMessageId: 1, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await stream.MoveNextAsync());

        Assert.Equal(2, stream.Current.Message!.Id);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Client.Streams.StreamChatAsync(chat, afterMessageId: -1, cancel.Token));
    }

    /// <summary>A <c>ChatStreamEvent</c> with the spec's field names (codersdk.ChatStreamEvent and the types it refers to).</summary>
    private const string SpecChatStreamEvent = """
        {
          "type": "message_part",
          "chat_id": "{CHAT}",
          "message_part": {
            "role": "assistant",
            "seq": 7,
            "history_version": 2,
            "generation_attempt": 1,
            "part": { "type": "text", "text": "hello from the spec" }
          },
          "status": { "status": "running" },
          "retry": { "attempt": 1, "delay_ms": 1500, "error": "overloaded", "provider": "anthropic", "status_code": 529 },
          "error": { "message": "the model failed", "detail": "upstream 529", "provider": "anthropic", "retryable": true, "status_code": 529 },
          "action_required": { "tool_calls": [ { "tool_call_id": "call-1", "tool_name": "ask_user", "args": "{}" } ] },
          "queued_messages": []
        }
        """;

    [Theory]
    [InlineData("object")] // the spec: the route's response is one codersdk.ChatStreamEvent
    [InlineData("array")] // coderd's chat streams: a batch
    public async Task ChatsStreamAsync_EnvelopeShapedAsTheSpecDescribes_RoundTripsEveryField(string shape)
    {
        await using var env = await FakeEnvironment.StartAsync();
        var chat = env.Server.Live.AddChat();
        var item = SpecChatStreamEvent.Replace("{CHAT}", chat.ToString("D"), StringComparison.Ordinal);
        // codersdk.ServerSentEvent: {"type": "ping" | "data" | "error", "data": ...}; sent raw before anything else.
        var frame = $"{{\"type\":\"data\",\"data\":{(shape == "array" ? $"[{item}]" : item)}}}";
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(0, frame, "/stream"));
        env.Server.Live.PublishChatStreamEvent(chat, "status", "waiting"); // the snapshot, sent after the spec frame
        using var cancel = new CancellationTokenSource(Patience);
        await using var stream = env.Client.Streams.StreamChatAsync(chat, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await stream.MoveNextAsync());
        var spec = stream.Current;
        Assert.True(await stream.MoveNextAsync());
        var snapshot = stream.Current;

        Assert.Equal(ChatStreamEventType.MessagePart, spec.Type);
        Assert.Equal("hello from the spec", spec.MessagePart!.Part!.Text);
        Assert.Equal(ChatStatus.Running, spec.Status!.Status);
        Assert.Equal("call-1", Assert.Single(spec.ActionRequired!.ToolCalls!).ToolCallId);
        AssertCarries(JsonNode.Parse(item)!, JsonSerializer.SerializeToNode(spec, CoderJsonContext.Default.ChatStreamEvent)!, "$");
        Assert.Equal(ChatStatus.Waiting, snapshot.Status!.Status);
    }

    [Fact]
    public async Task ChatsWatchAsync_EnvelopeShapedAsTheSpecDescribes_RoundTripsEveryField()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var id = Guid.NewGuid();
        // codersdk.ChatWatchEvent in a codersdk.ServerSentEvent envelope ({"type": "data", "data": ...}).
        var item = $$"""
            {
              "kind": "action_required",
              "chat": { "id": "{{id:D}}", "title": "spec chat", "status": "requires_action", "archived": false, "labels": { "team": "sdk" } },
              "tool_calls": [ { "tool_call_id": "call-2", "tool_name": "confirm", "args": "{\"ok\":true}" } ]
            }
            """;
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(0, $"{{\"type\":\"data\",\"data\":{item}}}", "/chats/watch"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchChatsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/chats/watch");
        env.Server.Live.AddChat("after the spec frame");
        Assert.True(await next);
        var spec = watch.Current;
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal(ChatWatchEventKind.ActionRequired, spec.Kind);
        Assert.Equal(id, spec.Chat.Id);
        Assert.Equal("confirm", Assert.Single(spec.ToolCalls!).ToolName);
        AssertCarries(JsonNode.Parse(item)!, JsonSerializer.SerializeToNode(spec, CoderJsonContext.Default.ChatWatchEvent)!, "$");
        Assert.Equal("after the spec frame", watch.Current.Chat.Title);
    }

    [Fact]
    public async Task ChatsWatchGitAsync_MessageShapedAsTheSpecDescribes_RoundTripsEveryField()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var chat = env.Server.Live.AddChat();
        // codersdk.WorkspaceAgentGitServerMessage: one per message, no envelope.
        const string item = """
            {
              "type": "changes",
              "scanned_at": "2026-08-24T14:15:22Z",
              "message": "",
              "repositories": [
                { "repo_root": "/home/coder/sdk", "branch": "main", "remote_origin": "https://github.com/example/sdk.git", "removed": false, "unified_diff": "--- a/x\n+++ b/x\n" }
              ]
            }
            """;
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(0, item, "/stream/git"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchChatGitAsync(chat, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/stream/git");
        env.Server.Live.PublishGit(chat, "/home/coder/other");
        Assert.True(await next);
        var spec = watch.Current;
        Assert.True(await watch.MoveNextAsync());

        Assert.Equal(WorkspaceAgentGitServerMessageType.Changes, spec.Type);
        Assert.Equal(new DateTimeOffset(2026, 8, 24, 14, 15, 22, TimeSpan.Zero), spec.ScannedAt);
        Assert.Equal("https://github.com/example/sdk.git", Assert.Single(spec.Repositories!).RemoteOrigin);
        AssertCarries(JsonNode.Parse(item)!, JsonSerializer.SerializeToNode(spec, CoderJsonContext.Default.WorkspaceAgentGitServerMessage)!, "$");
        Assert.Equal("/home/coder/other", Assert.Single(watch.Current.Repositories!).RepoRoot);
    }

    /// <summary>Every field of <paramref name="expected"/> is in <paramref name="actual"/> with the same value (times compared as instants).</summary>
    private static void AssertCarries(JsonNode expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject obj:
                var actualObject = Assert.IsType<JsonObject>(actual);
                foreach (var (name, value) in obj)
                {
                    Assert.True(actualObject.ContainsKey(name), $"{path}.{name} is missing after the round trip");
                    AssertCarries(value!, actualObject[name], $"{path}.{name}");
                }

                break;
            case JsonArray array:
                var actualArray = Assert.IsType<JsonArray>(actual);
                Assert.Equal(array.Count, actualArray.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    AssertCarries(array[i]!, actualArray[i], $"{path}[{i}]");
                }

                break;
            default:
                if (expected.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(expected.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var time) &&
                    expected.GetValue<string>().Contains('T', StringComparison.Ordinal))
                {
                    Assert.Equal(time, DateTimeOffset.Parse(actual!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");
                }

                break;
        }
    }

    /// <summary>Records <see cref="CoderStreamOptions.OnReconnecting"/> and <see cref="CoderStreamOptions.OnResumed"/>.</summary>
    private sealed class Signals
    {
        public ConcurrentQueue<CoderStreamReconnecting> Reconnecting { get; } = new();

        public ConcurrentQueue<CoderStreamResumed> Resumed { get; } = new();

        public void Attach(CoderStreamOptions options)
        {
            options.OnReconnecting = Reconnecting.Enqueue;
            options.OnResumed = Resumed.Enqueue;
        }

        /// <summary>One reconnect after a connection that delivered data (attempt 1, caused by the drop), and the stream resumed at attempt 1.</summary>
        public void AssertOneReconnect(string streamName)
        {
            var reconnect = Assert.Single(Reconnecting);
            Assert.Equal(streamName, reconnect.StreamName);
            Assert.Equal(1, reconnect.Attempt);
            Assert.IsType<CoderStreamInterruptedException>(reconnect.Cause);
            var resumed = Assert.Single(Resumed);
            Assert.Equal(streamName, resumed.StreamName);
            Assert.Equal(1, resumed.Attempt);
        }
    }
}
