using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.FakeServer;

/// <summary>
/// <see cref="FakeCoderServerOptions.TimeProvider"/>: the fake's timestamps and its simulated waits (job steps,
/// slow-response faults) follow the clock a test gives it, so the test moves time instead of waiting for it.
/// </summary>
public sealed class FakeServerClockTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task JobSteps_AndTimestamps_FollowTheGivenClock()
    {
        var time = new ManualTimeProvider();
        var start = time.GetUtcNow();
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { TimeProvider = time, JobStepDelay = TimeSpan.FromMinutes(1), SeedDemoData = false });
        server.State.AddTemplate("docker", "Docker Containers");
        using var client = TestClients.For(server);
        var running = new TaskCompletionSource<FakeJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.State.JobChanged += job =>
        {
            if (job.Status == "running")
            {
                running.TrySetResult(job);
            }
        };

        time.Advance(TimeSpan.FromHours(1));
        var workspace = await client.CreateWorkspaceAsync("clocked", server.AnyTemplate());
        await time.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromMinutes(1)));
        var pendingBeforeTheStep = server.State.Job(server.State.LatestBuild(server.State.Workspaces.Single()).JobId)!.Status;
        time.Advance(TimeSpan.FromMinutes(1));
        var job = await running.Task.WaitAsync(Patience);

        Assert.Equal(start + TimeSpan.FromHours(1), workspace.CreatedAt);
        Assert.Equal("pending", pendingBeforeTheStep);
        Assert.Equal(start + TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1), job.StartedAt);
    }

    [Fact]
    public async Task SlowFault_WaitsOnTheGivenClock()
    {
        var time = new ManualTimeProvider();
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { TimeProvider = time });
        using var client = TestClients.For(server);
        server.Faults.Enqueue(FakeFault.Slow(TimeSpan.FromHours(2)), TestClients.IsMe);

        var call = client.WhoAmIAsync();
        await time.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromHours(2)));
        var answeredEarly = call.IsCompleted;
        time.Advance(TimeSpan.FromHours(2));
        var me = await call.WaitAsync(Patience);

        Assert.False(answeredEarly);
        Assert.Equal("admin", me.Username);
    }
}
