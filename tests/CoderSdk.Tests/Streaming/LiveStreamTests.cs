using System.Net.WebSockets;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Streaming;

/// <summary>The typed methods of coderd's newer JSON streams, end to end against the fake server over real sockets.</summary>
public sealed class LiveStreamTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WatchInboxAsync_NotificationsPublished_YieldsTypedNotificationsForTheTargetsAsked()
    {
        await using var env = await FakeEnvironment.StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        var mine = Guid.NewGuid();
        await using var watch = env.Client.Streams.WatchInboxAsync(targets: [mine], cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = watch.MoveNextAsync();

        await env.SubscribedAsync("/notifications/inbox/watch");
        env.Server.Live.NotifyInbox("someone else's", targets: [Guid.NewGuid()]);
        var id = env.Server.Live.NotifyInbox("Workspace stopped", "dev was stopped", targets: [mine]);

        Assert.True(await next);
        Assert.Equal(id, watch.Current.Notification.Id);
        Assert.Equal("Workspace stopped", watch.Current.Notification.Title);
        Assert.Equal([mine], watch.Current.Notification.Targets);
        Assert.Equal(2, watch.Current.UnreadCount);
        var request = Assert.Single(env.Server.Requests, r => r.RawTarget.Contains("/inbox/watch", StringComparison.Ordinal));
        Assert.Contains("targets=" + mine.ToString("D"), request.RawTarget, StringComparison.Ordinal);
        Assert.DoesNotContain(env.Server.AdminSessionToken, request.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WatchInboxAsync_ConnectionDrops_ReconnectsAndGoesOnWithNewNotificationsOnly()
    {
        var reconnects = 0;
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.OnReconnecting = _ => Interlocked.Increment(ref reconnects));
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/inbox/watch"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchInboxAsync(cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/notifications/inbox/watch");
        env.Server.Live.NotifyInbox("first");
        Assert.True(await next);
        next = watch.MoveNextAsync();
        env.Server.Live.NotifyInbox("lost in the drop");
        await env.SubscribedAsync("/notifications/inbox/watch", nth: 2);
        env.Server.Live.NotifyInbox("after the reconnect");

        Assert.True(await next);
        Assert.Equal("after the reconnect", watch.Current.Notification.Title);
        Assert.Equal(1, reconnects);
    }

    [Fact]
    public async Task WatchContainersAsync_ContainersChange_YieldsEachListAndAFreshOneAfterAReconnect()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        env.Server.Live.SetContainers(agent.Id, "db");
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(2, "/containers/watch"));
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<string[]>();

        await foreach (var list in env.Client.Streams.WatchAgentContainersAsync(agent.Id, cancel.Token))
        {
            seen.Add([.. list.Containers.Select(c => c.Name)]);
            if (seen.Count == 1)
            {
                env.Server.Live.SetContainers(agent.Id, "db", "cache");
            }
            else if (seen.Count == 2)
            {
                env.Server.Live.SetContainers(agent.Id, "db", "cache", "queue"); // this send drops the connection
            }
            else
            {
                break;
            }
        }

        Assert.Equal([["db"], ["db", "cache"], ["db", "cache", "queue"]], seen);
        Assert.Equal(2, env.Server.Streams.History.Count(s => s.Path.Contains("/containers/watch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WatchAllBuildsAsync_JobAdvances_YieldsTypedUpdateAndCancellationEndsTheStream()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, build) = env.CreateWorkspace("builder");
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchAllBuildsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = watch.MoveNextAsync();
        var record = await env.SubscribedAsync("/watch-all-workspacebuilds");
        env.State.AdvanceJob(build.JobId);
        Assert.True(await next);
        var update = watch.Current;
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await watch.MoveNextAsync());
        await record.Ended.WaitAsync(Patience);

        Assert.Equal(workspace.Id, update.WorkspaceId);
        Assert.Equal("builder", update.WorkspaceName);
        Assert.Equal(build.Id, update.BuildId);
        Assert.Equal(WorkspaceTransition.Start, update.Transition);
        Assert.Equal(ProvisionerJobStatus.Running, update.JobStatus);
        Assert.Equal("client-close", record.EndedBy);
    }

    [Fact]
    public async Task WatchAgentConnectionsAsync_RetryableErrorReconnectsWithFreshState_FinalErrorEnds()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<string>();

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var item in env.Client.Streams.WatchAgentConnectionsAsync(workspace.Id, cancellationToken: cancel.Token))
            {
                seen.Add(item.BuildUpdate is { } b ? $"build {b.Transition?.Value} {b.JobStatus?.Value}" : $"agent {item.AgentUpdate!.Id == agent.Id} {item.AgentUpdate.Lifecycle?.Value}");
                if (seen.Count == 2)
                {
                    await env.SubscribedAsync("/agent-connection-watch");
                    env.Server.Live.FailAgentConnectionWatches(workspace.Id, code: 4, retryable: true);
                }
                else if (seen.Count == 4)
                {
                    await env.SubscribedAsync("/agent-connection-watch", nth: 2);
                    env.Server.Live.FailAgentConnectionWatches(workspace.Id, code: 5, retryable: false);
                }
            }
        });

        Assert.Equal(["build start succeeded", "agent True ready", "build start succeeded", "agent True ready"], seen);
        var failure = Assert.IsType<CoderStreamException>(error);
        Assert.Equal(CoderStreamFailure.ErrorEvent, failure.Failure);
        Assert.Contains("watch error 5", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, env.Server.Streams.History.Count(s => s.Path.Contains("/agent-connection-watch", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task WatchAgentConnectionsAsync_UnknownAgentName_EndsWithCodersWatchError()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var seen = 0;

        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var item in env.Client.Streams.WatchAgentConnectionsAsync(workspace.Id, "nope", cancel.Token))
            {
                seen++;
            }
        });

        Assert.Equal(1, seen); // the build update comes first
        var failure = Assert.IsType<CoderStreamException>(error);
        Assert.Equal(CoderStreamFailure.ErrorEvent, failure.Failure);
        Assert.Contains("target agent not found by name", failure.Message, StringComparison.Ordinal);
        Assert.Contains(env.Server.Requests, r => r.RawTarget.Contains("agent_name=nope", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenDynamicParametersAsync_ValuesSent_AnswersEachWithAPreviewCarryingItsId()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var version = env.State.TemplateVersion(env.State.AddTemplate("docker", "Docker").ActiveVersionId)!;
        using var cancel = new CancellationTokenSource(Patience);

        await using var session = await env.Client.Streams.OpenDynamicParametersAsync(version.Id, cancellationToken: cancel.Token);
        await using var responses = session.ReadResponsesAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await responses.MoveNextAsync());
        var initial = responses.Current;
        var us = await session.SendAsync(new Dictionary<string, string> { ["region"] = "us" }, cancellationToken: cancel.Token);
        Assert.True(await responses.MoveNextAsync());
        var usPreview = responses.Current;
        var mars = await session.SendAsync(new Dictionary<string, string> { ["region"] = "mars" }, cancellationToken: cancel.Token);
        Assert.True(await responses.MoveNextAsync());
        var marsPreview = responses.Current;

        Assert.Equal(-1, initial.Id);
        Assert.Equal("eu", Assert.Single(initial.Parameters).Value.Value);
        Assert.Equal((1, 1), (us, usPreview.Id));
        Assert.Equal("us", Assert.Single(usPreview.Parameters).Value.Value);
        Assert.Equal((2, 2), (mars, marsPreview.Id));
        Assert.Equal("Invalid region", Assert.Single(Assert.Single(marsPreview.Parameters).Diagnostics).Summary);
    }

    [Fact]
    public async Task OpenDynamicParametersAsync_ServerClosesWhileClientSends_EndsWithCloseCodeAndReason()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var version = env.State.TemplateVersion(env.State.AddTemplate("docker", "Docker").ActiveVersionId)!;
        // The third message the server would send (the answer to the second request) closes the session instead.
        env.Server.Streams.Enqueue(FakeStreamFault.Close(2, WebSocketCloseStatus.InternalServerError, "render failed", "/dynamic-parameters"));
        using var cancel = new CancellationTokenSource(Patience);
        await using var session = await env.Client.Streams.OpenDynamicParametersAsync(version.Id, cancellationToken: cancel.Token);

        // A sender that keeps sending until the session refuses.
        var sender = Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                await session.SendAsync(new Dictionary<string, string> { ["region"] = i % 2 == 0 ? "eu" : "us" }, cancellationToken: cancel.Token);
            }
        }, cancel.Token);
        var read = await Record.ExceptionAsync(async () =>
        {
            await foreach (var response in session.ReadResponsesAsync(cancel.Token))
            {
                _ = response;
            }
        });
        var sent = await Record.ExceptionAsync(() => sender);
        var afterwards = await Record.ExceptionAsync(() => session.SendAsync(new Dictionary<string, string>(), cancellationToken: cancel.Token));

        foreach (var error in new[] { read, sent, afterwards })
        {
            var failure = Assert.IsType<CoderStreamException>(error);
            Assert.Equal(CoderStreamFailure.Closed, failure.Failure);
            Assert.Equal(WebSocketCloseStatus.InternalServerError, failure.CloseStatus);
            Assert.Equal("render failed", failure.CloseDescription);
            Assert.Contains("(close 1011 \"render failed\")", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OpenDynamicParametersAsync_Disposed_ClosesTheSocketWithNormalClosure()
    {
        // The close handshake ends as soon as the server answers; the environment's 500 ms bound on it could run out on
        // a loaded machine and turn the graceful close into an abort (recorded as "client-gone").
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.CloseTimeout = Patience);
        var version = env.State.TemplateVersion(env.State.AddTemplate("docker", "Docker").ActiveVersionId)!;
        using var cancel = new CancellationTokenSource(Patience);
        var session = await env.Client.Streams.OpenDynamicParametersAsync(version.Id, cancellationToken: cancel.Token);
        var record = await env.SubscribedAsync("/dynamic-parameters");

        await session.DisposeAsync();
        await record.Ended.WaitAsync(Patience);

        Assert.Equal("client-close", record.EndedBy);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, record.ClientCloseStatus);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.SendAsync(new Dictionary<string, string>(), cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task OpenDynamicParametersAsync_UnknownVersion_ThrowsNotFound()
    {
        await using var env = await FakeEnvironment.StartAsync();

        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Streams.OpenDynamicParametersAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task WatchReinitializationAsync_SignalSent_YieldsTypedEventOverServerSentEvents()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _) = env.CreateWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchReinitializationAsync(wait: true, cancel.Token).GetAsyncEnumerator(cancel.Token);

        var next = watch.MoveNextAsync();
        var record = await env.SubscribedAsync("/workspaceagents/me/reinit");
        env.Server.Live.Reinitialize(workspace.Id);

        Assert.True(await next);
        Assert.Equal(workspace.Id, watch.Current.WorkspaceId);
        Assert.Equal(ReinitializationReason.PrebuildClaimed, watch.Current.Reason);
        Assert.Equal("sse", record.Kind);
        Assert.Contains("wait", record.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatsWatchAsync_ChatCreated_YieldsTheEnvelopesData()
    {
        await using var env = await FakeEnvironment.StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        await using var watch = env.Client.Streams.WatchChatsAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        var next = watch.MoveNextAsync();
        await env.SubscribedAsync("/chats/watch");
        var chat = env.Server.Live.AddChat("fix the build");

        Assert.True(await next);
        Assert.Equal(ChatWatchEventKind.Created, watch.Current.Kind);
        Assert.Equal(chat, watch.Current.Chat.Id);
    }

    [Fact]
    public async Task ChatsStreamAsync_BatchesAndReconnect_FlattensAndStartsAgainWithTheSnapshot()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var chat = env.Server.Live.AddChat();
        env.Server.Live.PublishChatStreamEvent(chat, "status", "running");
        env.Server.Live.PublishChatStreamEvent(chat, "message_part");
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/stream"));
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<string>();

        await foreach (var item in env.Client.Streams.StreamChatAsync(chat, cancellationToken: cancel.Token))
        {
            Assert.Equal(chat, item.ChatId);
            seen.Add(item.Type.Value);
            if (seen.Count == 2)
            {
                env.Server.Live.PublishChatStreamEvent(chat, "message"); // this send drops the connection
            }
            else if (seen.Count == 5)
            {
                break;
            }
        }

        // The snapshot (one batch of two), then after the drop the snapshot again, now with the third event.
        Assert.Equal(["status", "message_part", "status", "message_part", "message"], seen);
    }

    [Fact]
    public async Task ChatsStreamPartsAndWatchGit_YieldTypedItems()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var chat = env.Server.Live.AddChat();
        env.Server.Live.PublishChatStreamEvent(chat, "status", "running");
        env.Server.Live.PublishChatStreamEvent(chat, "message_part");
        using var cancel = new CancellationTokenSource(Patience);

        await using var parts = env.Client.Streams.StreamChatPartsAsync(chat, cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await parts.MoveNextAsync());
        await using var git = env.Client.Streams.WatchChatGitAsync(chat, cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = git.MoveNextAsync();
        await env.SubscribedAsync("/stream/git");
        env.Server.Live.PublishGit(chat, "/home/coder/project");

        Assert.Equal(ChatStreamEventType.MessagePart, parts.Current.Type);
        Assert.True(await next);
        Assert.Equal("/home/coder/project", Assert.Single(git.Current.Repositories!).RepoRoot);
    }
}
