using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Streaming;

public sealed class WatchTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WatchAsync_WorkspaceStops_YieldsSnapshotThenEachChange()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var statuses = new List<string>();
        FakeBuild? stop = null;

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            statuses.Add(snapshot.LatestBuild.Status.Value);
            switch (snapshot.LatestBuild.Status.Value)
            {
                case "running":
                    stop = env.State.CreateBuild(workspace, "stop", null, env.State.Admin);
                    env.State.NotifyWorkspaceChanged(workspace.Id);
                    break;
                case "pending" or "stopping":
                    env.State.AdvanceJob(stop!.JobId);
                    break;
            }

            if (snapshot.LatestBuild.Status == WorkspaceStatus.Stopped)
            {
                break;
            }
        }

        Assert.Equal(["running", "pending", "stopping", "stopped"], statuses);
        var stream = Assert.Single(env.Server.Streams.History);
        Assert.Equal("websocket", stream.Kind);
    }

    [Fact]
    public async Task WatchAsync_DeploymentWithoutWatchWs_FallsBackToServerSentEvents()
    {
        await using var env = await FakeEnvironment.StartAsync();
        env.Server.Streams.WebSocketWatchEnabled = false;
        var (workspace, _, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var seen = new List<Workspace>();

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            seen.Add(snapshot);
            if (seen.Count == 1)
            {
                env.State.CreateBuild(workspace, "stop", null, env.State.Admin);
                env.State.NotifyWorkspaceChanged(workspace.Id);
            }
            else
            {
                break;
            }
        }

        Assert.Equal(workspace.Id, seen[0].Id);
        Assert.Equal(WorkspaceTransition.Stop, seen[1].LatestBuild.Transition);
        var stream = Assert.Single(env.Server.Streams.History);
        Assert.Equal("sse", stream.Kind);
        Assert.Single(env.Server.Requests, r => r.RawTarget.EndsWith("/watch-ws", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WatchAsync_ServerSentEventsPingOnly_ReconnectsAfterSilenceWithFreshSnapshot()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.IdleTimeout = TimeSpan.FromMilliseconds(400));
        env.Server.Streams.WebSocketWatchEnabled = false;
        env.Server.Streams.PingInterval = TimeSpan.FromMilliseconds(100);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Stall(1, "/watch"));
        using var cancel = new CancellationTokenSource(Patience);
        var seen = 0;

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            if (++seen == 2)
            {
                break;
            }
        }

        var streams = env.Server.Streams.History;
        Assert.Equal(2, streams.Count);
        Assert.Equal(FakeStreamFaultKind.Stall, streams[0].Fault?.Kind);
        await streams[0].Ended.WaitAsync(cancel.Token);
    }

    [Fact]
    public async Task WatchAsync_PingsKeepASilentStreamAlive_DoesNotReconnect()
    {
        // Wide margins on real time (the server's pings run on it): a loaded machine would have to stall a ping for
        // 3 s, thirty intervals, to fail this.
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.IdleTimeout = TimeSpan.FromSeconds(3));
        env.Server.Streams.WebSocketWatchEnabled = false;
        env.Server.Streams.PingInterval = TimeSpan.FromMilliseconds(100);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var seen = 0;

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            if (++seen == 1)
            {
                // Quiet for longer than the idle timeout, with server pings every 100 ms, then a change.
                _ = Task.Delay(TimeSpan.FromSeconds(4), cancel.Token).ContinueWith(_ => env.State.NotifyWorkspaceChanged(workspace.Id), TaskScheduler.Default);
            }
            else
            {
                break;
            }
        }

        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public async Task WatchAsync_WebSocketStopsAnsweringPings_ReconnectsWithFreshSnapshot()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s =>
        {
            s.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            s.KeepAliveTimeout = TimeSpan.FromMilliseconds(300);
        });
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Stall(1, "/watch-ws"));
        using var cancel = new CancellationTokenSource(Patience);
        var seen = 0;

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            if (++seen == 2)
            {
                break;
            }
        }

        Assert.Equal(2, env.Server.Streams.History.Count);
        Assert.All(env.Server.Streams.History, s => Assert.Equal("websocket", s.Kind));
    }

    [Fact]
    public async Task WatchAsync_ErrorEvent_ThrowsStreamErrorWithCodersMessage()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, "{\"type\":\"error\",\"data\":{\"message\":\"Internal error fetching workspace.\",\"detail\":\"db down\"}}", "/watch-ws"));
        var (seen, error) = await WatchUntilFailureAsync(env, workspace.Id);

        Assert.Equal(1, seen);
        Assert.Equal(CoderStreamFailure.ErrorEvent, error.Failure);
        Assert.Equal("db down", error.Detail);
        Assert.Contains("Internal error fetching workspace.", error.Message, StringComparison.Ordinal);
        Assert.Equal("/api/v2/workspaces/{workspace}/watch-ws", error.StreamName);
    }

    [Fact]
    public async Task WatchAsync_MalformedEvent_ThrowsStreamErrorNamingTheStream()
    {
        await using var env = await FakeEnvironment.StartAsync();
        env.Server.Streams.WebSocketWatchEnabled = false;
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, "{\"id\":", "/watch"));
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
            {
                env.State.NotifyWorkspaceChanged(workspace.Id);
            }
        });

        Assert.Equal(CoderStreamFailure.MalformedFrame, error.Failure);
        Assert.Equal("/api/v2/workspaces/{workspace}/watch", error.StreamName);
    }

    [Fact]
    public async Task WatchAsync_EnvelopeWithDataBeforeTypeAndExtraMembers_YieldsTheData()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        var current = await env.Client.Workspaces.GetAsync(workspace.Id);
        var node = System.Text.Json.Nodes.JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(current, CoderSdk.Json.CoderJsonContext.Default.Workspace))!;
        node["name"] = "renamed-in-the-frame";
        var data = node.ToJsonString();
        // Member order is not fixed, and a newer coderd may add members (with nested values) next to type and data.
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, $"{{\"seq\":{{\"a\":[1,{{\"type\":\"ping\"}}]}},\"data\":{data},\"type\":\"data\"}}", "/watch-ws"));
        using var cancel = new CancellationTokenSource(Patience);
        var names = new List<string>();

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            names.Add(snapshot.Name);
            if (names.Count == 2)
            {
                break;
            }

            env.State.NotifyWorkspaceChanged(workspace.Id); // the next send is the enqueued frame
        }

        Assert.Equal([workspace.Name, "renamed-in-the-frame"], names);
    }

    [Theory]
    [InlineData("{\"type\":\"ping\"} {}", "is not JSON")]
    [InlineData("{\"type\":\"data\",\"data\":{\"id\":", "is not JSON")]
    [InlineData("[{\"type\":\"data\"}]", "is not a watch event")]
    [InlineData("{\"type\":7,\"data\":{}}", "is not a watch event")]
    [InlineData("{\"data\":{}}", "is not a watch event")]
    [InlineData("{\"data\":null,\"type\":\"data\"}", "is a data event without data")]
    [InlineData("{\"type\":\"data\"}", "is a data event without data")]
    [InlineData("{\"type\":\"data\",\"data\":[1]}", "carries data that is not a Workspace")]
    public async Task WatchAsync_WebSocketFrameThatIsNotAWatchEvent_EndsWithMalformedFrame(string frame, string problem)
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, frame, "/watch-ws"));
        var (seen, error) = await WatchUntilFailureAsync(env, workspace.Id);

        Assert.Equal(1, seen);
        Assert.Equal(CoderStreamFailure.MalformedFrame, error.Failure);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
    }

    /// <summary>Watches, asking for a new snapshot after each one, until the stream fails; returns the snapshots seen and the failure.</summary>
    private static async Task<(int Seen, CoderStreamException Error)> WatchUntilFailureAsync(FakeEnvironment env, Guid workspace)
    {
        using var cancel = new CancellationTokenSource(Patience);
        var seen = 0;
        var error = await Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace, cancel.Token))
            {
                seen++;
                env.State.NotifyWorkspaceChanged(workspace);
            }
        });
        return (seen, error);
    }

    [Fact]
    public async Task WatchAsync_UnknownWorkspace_ThrowsNotFound()
    {
        await using var env = await FakeEnvironment.StartAsync();

        await Assert.ThrowsAsync<CoderNotFoundException>(async () =>
        {
            await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(Guid.NewGuid()))
            {
            }
        });
    }

    [Fact]
    public async Task WatchMetadataAsync_ValueChanges_YieldsEachSet()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        env.State.SetAgentMetadata(agent.Id, "cpu", "3%", "CPU Usage");
        using var cancel = new CancellationTokenSource(Patience);
        var values = new List<string>();

        await foreach (var set in env.Client.Streams.WatchAgentMetadataAsync(agent.Id, cancel.Token))
        {
            var cpu = Assert.Single(set);
            Assert.Equal("cpu", cpu.Description.Key);
            Assert.Equal("CPU Usage", cpu.Description.DisplayName);
            Assert.Equal(TimeSpan.FromSeconds(10), cpu.Description.Interval);
            values.Add(cpu.Result.Value);
            if (values.Count == 1)
            {
                env.State.SetAgentMetadata(agent.Id, "cpu", "97%", "CPU Usage");
            }
            else
            {
                break;
            }
        }

        Assert.Equal(["3%", "97%"], values);
    }

    [Fact]
    public async Task WatchMetadataAsync_DeploymentWithoutWebSocket_FallsBackToServerSentEvents()
    {
        await using var env = await FakeEnvironment.StartAsync();
        env.Server.Streams.WebSocketWatchEnabled = false;
        var (_, _, agent) = env.CreateStartedWorkspace();
        env.State.SetAgentMetadata(agent.Id, "disk", "40%");
        using var cancel = new CancellationTokenSource(Patience);

        await foreach (var set in env.Client.Streams.WatchAgentMetadataAsync(agent.Id, cancel.Token))
        {
            Assert.Equal("40%", Assert.Single(set).Result.Value);
            break;
        }

        Assert.Equal("sse", Assert.Single(env.Server.Streams.History).Kind);
    }
}
