using System.Diagnostics;
using System.Net.WebSockets;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Testing;
using Xunit.Abstractions;

namespace CoderSdk.Tests.Streaming;

public sealed class BuildLogFollowTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FollowLogsAsync_TenThousandLinesWithTwentyDrops_DeliversEachLineOnceInOrder()
    {
        await using var env = await FakeEnvironment.StartAsync();
        const int lines = 10_000;
        var random = new Random(4242);
        var dropPoints = Enumerable.Range(0, 20).Select(_ => random.Next(1, lines / 20)).ToList();
        foreach (var point in dropPoints)
        {
            env.Server.Streams.Enqueue(FakeStreamFault.Drop(point, pathContains: "/logs"));
        }

        var build = env.CreateRunningBuild(FakeEnvironment.Lines(lines));

        // The job keeps running until every line has arrived, so each drop is followed by a reconnect (not by the
        // final plain read a finished job gets).
        using var cancel = new CancellationTokenSource(Patience);
        var watch = Stopwatch.StartNew();
        var received = new List<ProvisionerJobLog>(lines);
        await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
        {
            received.Add(line);
            if (received.Count == lines)
            {
                env.State.AdvanceJob(build.JobId);
            }
        }

        watch.Stop();
        output.WriteLine($"10,000 lines with 20 forced disconnects: {watch.Elapsed.TotalMilliseconds:0} ms, {env.Server.Streams.History.Count} connections");

        var expected = env.State.Logs(build.JobId).Select(l => l.Id).ToList();
        Assert.Equal(lines, received.Count);
        Assert.Equal(expected, received.Select(l => l.Id));
        Assert.Equal(Enumerable.Range(0, lines).Select(i => $"line {i}"), received.Select(l => l.Output));
        Assert.Equal(0, env.Server.Streams.PendingFaults);
        Assert.Equal(20, env.Server.Streams.History.Count(s => s.EndedBy == "fault"));
        Assert.Equal(21, env.Server.Streams.History.Count);
    }

    [Fact]
    public async Task FollowLogsAsync_SlowConsumerWhileServerPingsAndExpectsPongs_KeepsSocketAndReceivesEveryLine()
    {
        await using var env = await FakeEnvironment.StartAsync();
        env.Server.Streams.PingInterval = TimeSpan.FromMilliseconds(200);
        env.Server.Streams.PongTimeout = TimeSpan.FromMilliseconds(400);
        var build = env.CreateRunningBuild("first");

        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();
        var paused = false;
        await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
        {
            received.Add(line.Output);
            if (!paused)
            {
                paused = true;
                // The consumer stalls for 3 s while more lines arrive and the server pings every 200 ms; only a
                // receive loop that runs on its own answers those pings in time.
                _ = Task.Run(() =>
                {
                    for (var i = 0; i < 50; i++)
                    {
                        env.State.AppendLog(build.JobId, "Applying", $"line {i}");
                    }

                    env.State.AdvanceJob(build.JobId);
                });
                await Task.Delay(TimeSpan.FromSeconds(3), cancel.Token);
            }
        }

        Assert.Equal(["first", .. Enumerable.Range(0, 50).Select(i => $"line {i}")], received);
        var stream = Assert.Single(env.Server.Streams.History);
        Assert.Equal("server-done", stream.EndedBy);
    }

    [Theory]
    [InlineData(WebSocketCloseStatus.NormalClosure)]
    [InlineData(WebSocketCloseStatus.EndpointUnavailable)]
    [InlineData(WebSocketCloseStatus.InternalServerError)]
    public async Task FollowLogsAsync_ServerClosesWhileJobStillRuns_ResumesAfterLastLine(WebSocketCloseStatus status)
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(10));

        env.Server.Streams.Enqueue(FakeStreamFault.Close(4, status, "going away"));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();
        await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
        {
            received.Add(line.Output);
            if (received.Count == 10)
            {
                env.State.AppendLog(build.JobId, "Applying", "last");
                env.State.AdvanceJob(build.JobId);
            }
        }

        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"line {i}"), "last"], received);
        var streams = env.Server.Streams.History;
        Assert.Equal(2, streams.Count);
        Assert.EndsWith("after=0", streams[0].Path, StringComparison.Ordinal);
        Assert.EndsWith($"after={env.State.Logs(build.JobId)[3].Id}", streams[1].Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowLogsAsync_FinishedBuild_YieldsWholeLogAndEnds()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild("one", "two");
        env.State.AdvanceJob(build.JobId);

        var lines = await env.Client.Streams.FollowBuildLogsAsync(build.Id).Select(l => l.Output).ToListAsync();

        Assert.Equal(["one", "two"], lines);
        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public async Task FollowLogsAsync_AfterGiven_StartsAfterThatLine()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild("one", "two");
        var first = env.State.Logs(build.JobId)[0];
        env.State.AdvanceJob(build.JobId);

        var lines = await env.Client.Streams.FollowBuildLogsAsync(build.Id, after: first.Id).Select(l => l.Output).ToListAsync();

        Assert.Equal(["two"], lines);
    }

    [Fact]
    public async Task FollowLogsAsync_EnumerationCanceled_ServerSeesCloseFrameWithinOneSecond()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild("one");
        using var cancel = new CancellationTokenSource(Patience);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);

        var canceledAt = DateTimeOffset.MinValue;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: stop.Token))
            {
                canceledAt = DateTimeOffset.UtcNow;
                await stop.CancelAsync();
            }
        });

        var stream = Assert.Single(env.Server.Streams.History);
        await stream.Ended.WaitAsync(cancel.Token);
        Assert.Equal("client-close", stream.EndedBy);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, stream.ClientCloseStatus);
        Assert.InRange(stream.EndedAt!.Value - canceledAt, TimeSpan.Zero - TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task FollowLogsAsync_ConsumerBreaksEarly_ClosesTheSocket()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild("one", "two");

        await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id))
        {
            break;
        }

        var stream = Assert.Single(env.Server.Streams.History);
        await stream.Ended.WaitAsync(Patience);
        Assert.Equal("client-close", stream.EndedBy);
    }

    [Fact]
    public async Task FollowLogsAsync_MalformedFrame_ThrowsStreamErrorNamingTheStreamAfterEarlierLines()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(5));

        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(3, "{\"id\": oops"));
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id))
            {
                received.Add(line.Output);
            }
        });

        Assert.Equal(["line 0", "line 1", "line 2"], received);
        Assert.Equal(CoderStreamFailure.MalformedFrame, error.Failure);
        Assert.Equal(4, error.FrameNumber);
        Assert.Equal("/api/v2/workspacebuilds/{workspacebuild}/logs", error.StreamName);
        Assert.Contains("/api/v2/workspacebuilds/{workspacebuild}/logs", error.Message, StringComparison.Ordinal);
        Assert.Contains("ProvisionerJobLog", error.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public async Task FollowLogsAsync_UnknownBuild_ThrowsNotFoundWithoutReconnecting()
    {
        await using var env = await FakeEnvironment.StartAsync();

        await Assert.ThrowsAsync<CoderNotFoundException>(async () =>
        {
            await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(Guid.NewGuid()))
            {
            }
        });

        Assert.Single(env.Server.Requests, r => r.RawTarget.Contains("/logs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FollowLogsAsync_ServerStalls_ReconnectsAfterIdleTimeoutWithoutLosingLines()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.IdleTimeout = TimeSpan.FromMilliseconds(300));
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(6));

        env.Server.Streams.Enqueue(FakeStreamFault.Stall(2));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();
        await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
        {
            received.Add(line.Output);
            if (received.Count == 6)
            {
                env.State.AdvanceJob(build.JobId);
            }
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"line {i}"), received);
        var streams = env.Server.Streams.History;
        Assert.Equal(FakeStreamFaultKind.Stall, streams[0].Fault?.Kind);
        Assert.Equal(2, streams[0].MessagesSent);
        Assert.True(streams.Count >= 2, "the stalled stream must have been replaced");
    }

    [Fact]
    public async Task FollowLogsAsync_ConsumerLeavesWhileServerNeverAnswersTheClose_EndsOnTheCloseTimeout()
    {
        // A stalled server reads nothing, so the close frame sent when the consumer leaves is never answered: only the
        // close timeout (CloseTimeout, 500 ms here; the silence bound is far off) ends the pending receive.
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.IdleTimeout = TimeSpan.FromMinutes(10));
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(6));
        env.Server.Streams.Enqueue(FakeStreamFault.Stall(2));
        var received = new List<string>();

        var following = Task.Run(async () =>
        {
            await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id))
            {
                received.Add(line.Output);
                if (received.Count == 2)
                {
                    break;
                }
            }
        });
        await following.WaitAsync(Patience);

        Assert.Equal(["line 0", "line 1"], received);
        var stream = Assert.Single(env.Server.Streams.History);
        Assert.Equal(FakeStreamFaultKind.Stall, stream.Fault?.Kind);
    }

    [Fact]
    public async Task FollowLogsAsync_UpgradeRequest_CarriesTokenOnlyInTheHeader()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild();
        env.State.AdvanceJob(build.JobId);

        await env.Client.Streams.FollowBuildLogsAsync(build.Id).ToListAsync();

        var upgrade = Assert.Single(env.Server.Requests, r => r.RawTarget.Contains("follow", StringComparison.Ordinal));
        Assert.Equal(env.Server.AdminSessionToken, upgrade.Headers["Coder-Session-Token"]);
        Assert.DoesNotContain(env.Server.AdminSessionToken, upgrade.RawTarget, StringComparison.Ordinal);
        Assert.False(upgrade.Headers.ContainsKey("Sec-WebSocket-Extensions"), "the SDK must not offer compression");
        Assert.StartsWith("CoderSdk/", upgrade.Headers["User-Agent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowVersionLogsAsync_RunningImport_FollowsUntilItFinishes()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var template = env.State.AddTemplate("docker");
        var version = env.State.AddTemplateVersion(template, "v2", activate: false);
        env.State.AdvanceJob(version.JobId);
        env.State.AppendLog(version.JobId, "Parsing template parameters", "parsing");

        var received = new List<string>();
        await foreach (var line in env.Client.Streams.FollowTemplateVersionLogsAsync(version.Id))
        {
            received.Add(line.Output);
            if (received.Count == 1)
            {
                env.State.AppendLog(version.JobId, "Detecting persistent resources", "done");
                env.State.AdvanceJob(version.JobId);
            }
        }

        Assert.Equal(["parsing", "done"], received);
    }

    [Fact]
    public async Task FollowDryRunLogsAsync_DryRun_FollowsUntilItFinishes()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var template = env.State.AddTemplate("docker");
        var version = env.State.TemplateVersion(template.ActiveVersionId)!;
        var run = env.State.CreateDryRun(version);
        env.State.AdvanceJob(run.Id);
        env.State.AppendLog(run.Id, "Planning infrastructure", "plan");
        env.State.AdvanceJob(run.Id);

        var lines = await env.Client.Streams.FollowDryRunLogsAsync(version.Id, run.Id).Select(l => l.Output).ToListAsync();

        Assert.Equal(["plan"], lines);
    }
}
