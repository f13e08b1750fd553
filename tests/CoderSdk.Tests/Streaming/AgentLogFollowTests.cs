using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Streaming;

public sealed class AgentLogFollowTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FollowLogsAsync_BatchesArrive_FlattensThemInOrder()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "a", "b");
        using var cancel = new CancellationTokenSource(Patience);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        var received = new List<string>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, cancellationToken: stop.Token))
            {
                received.Add(log.Output);
                if (received.Count == 2)
                {
                    env.State.AppendAgentLogs(agent.Id, "c", "d", "e");
                }

                if (received.Count == 5)
                {
                    await stop.CancelAsync();
                }
            }
        });

        Assert.Equal(["a", "b", "c", "d", "e"], received);
    }

    [Fact]
    public async Task FollowLogsAsync_EmptyFirstFrame_WaitsForLaterBatches()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        // Append only once the server has sent its first frame, which is then the empty backlog.
        env.Server.Streams.Opened += record => Task.Run(() =>
        {
            SpinWait.SpinUntil(() => record.MessagesSent >= 1, Patience);
            env.State.AppendAgentLogs(agent.Id, "late");
        });
        using var cancel = new CancellationTokenSource(Patience);

        await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, cancellationToken: cancel.Token))
        {
            Assert.Equal("late", log.Output);
            break;
        }

        Assert.Equal(2, env.Server.Streams.History[0].MessagesSent);
    }

    [Theory]
    [InlineData(false, "ready")]
    [InlineData(true, "start_error")]
    public async Task FollowLogsAsync_UntilStartupCompletes_EndsAfterStartUpWithEveryLine(bool socketStalls, string endOfStartup)
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "installing");
        if (socketStalls)
        {
            // After the backlog the server sends nothing more: the later lines arrive only through the final plain read.
            env.Server.Streams.Enqueue(FakeStreamFault.Stall(1, "/workspaceagents/"));
        }

        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, AgentLogFollowMode.UntilStartupCompletes, cancellationToken: cancel.Token))
        {
            received.Add(log.Output);
            if (log.Output == "installing")
            {
                env.State.AppendAgentLogs(agent.Id, "starting services", "all done");
                env.State.SetAgentLifecycle(agent.Id, endOfStartup);
            }
        }

        Assert.Equal(["installing", "starting services", "all done"], received);
    }

    [Fact]
    public async Task FollowLogsAsync_UntilStartupCompletesOnReadyAgent_ReadsTheLogOnceAndEnds()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "ready");
        env.State.AppendAgentLogs(agent.Id, "one", "two");
        using var cancel = new CancellationTokenSource(Patience);

        var lines = await env.Client.Streams.FollowAgentLogsAsync(agent.Id, AgentLogFollowMode.UntilStartupCompletes, cancellationToken: cancel.Token)
            .Select(l => l.Output).ToListAsync(cancel.Token);

        Assert.Equal(["one", "two"], lines);
    }

    [Fact]
    public async Task FollowLogsAsync_UntilStartupCompletesOnAQuietConnection_ClosesItOnceTheAgentIsReady()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "installing");
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, AgentLogFollowMode.UntilStartupCompletes, cancellationToken: cancel.Token))
        {
            received.Add(log.Output);
            // No further line: the fake keeps the socket open and quiet, so only the lifecycle poll can end the follow.
            env.State.SetAgentLifecycle(agent.Id, "ready");
        }

        Assert.Equal(["installing"], received);
        await env.SingleStreamClosedByClientAsync();
    }

    [Fact]
    public async Task FollowLogsAsync_UntilStartupCompletesAndTheAgentReadIsRefused_EndsWithThatError()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "installing");
        env.Server.Faults.Enqueue(FakeFault.Status(403), r => r.Method == "GET" && r.Path == $"/api/v2/workspaceagents/{agent.Id}");
        using var cancel = new CancellationTokenSource(Patience);

        await Assert.ThrowsAsync<CoderForbiddenException>(async () =>
        {
            await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, AgentLogFollowMode.UntilStartupCompletes, cancellationToken: cancel.Token))
            {
            }
        });

        Assert.True(env.Server.Streams.History.Count <= 1, "a failed lifecycle read must not reconnect the follow");
    }

    [Fact]
    public async Task FollowLogsAsync_ConnectionDrops_ResumesAfterTheLastLine()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "a", "b", "c");
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1, "/workspaceagents/"));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, cancellationToken: cancel.Token))
        {
            received.Add(log.Output);
            if (received.Count == 3)
            {
                env.State.AppendAgentLogs(agent.Id, "d");
            }

            if (received.Count == 4)
            {
                // Shutting the agent down ends the follow (coderd closes once the agent leaves the latest build).
                env.State.SetAgentLifecycle(agent.Id, "off");
            }
        }

        Assert.Equal(["a", "b", "c", "d"], received);
        Assert.Equal(2, env.Server.Streams.History.Count);
        Assert.Contains($"after={env.State.AgentLogs(agent.Id)[2].Id}", env.Server.Streams.History[1].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowLogsAsync_FrameIsNotAnArray_ThrowsStreamError()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, "{\"id\":1}", "/workspaceagents/"));
        env.State.AppendAgentLogs(agent.Id, "a");

        var error = await Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id))
            {
                env.State.AppendAgentLogs(agent.Id, "b");
            }
        });

        Assert.Equal(CoderStreamFailure.MalformedFrame, error.Failure);
        Assert.Equal("/api/v2/workspaceagents/{workspaceagent}/logs", error.StreamName);
        Assert.Contains("list of WorkspaceAgentLog", error.Message, StringComparison.Ordinal);
    }
}
