using System.Collections.Concurrent;
using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// Reconnects are visible: <see cref="CoderStreamOptions.OnReconnecting"/> before each one (with the stream, the
/// attempt, the delay and the cause), <see cref="CoderStreamOptions.OnResumed"/> once the connection is back, and a log
/// event for each. The reconnect delay runs on a manual clock that the test advances, so nothing sleeps.
/// </summary>
public sealed class ReconnectSignalTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FollowLogsAsync_ServerDropsTheConnection_SignalsAttemptOneWithTheCauseThenResumesAndDeliversEachLineOnce()
    {
        var clock = new ManualTimeProvider();
        var log = new TestLog();
        var reconnecting = new ConcurrentQueue<CoderStreamReconnecting>();
        var resumed = new ConcurrentQueue<CoderStreamResumed>();
        var firstReconnect = new TaskCompletionSource<CoderStreamReconnecting>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var env = await FakeEnvironment.StartAsync(
            streams: s =>
            {
                s.ReconnectBaseDelay = TimeSpan.FromSeconds(2);
                s.ReconnectMaxDelay = TimeSpan.FromSeconds(2);
                s.OnReconnecting = r =>
                {
                    reconnecting.Enqueue(r);
                    firstReconnect.TrySetResult(r);
                };
                s.OnResumed = resumed.Enqueue;
            },
            client: o =>
            {
                o.TimeProvider = clock;
                o.LoggerFactory = log;
            });
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(6));
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(3));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        var following = Task.Run(async () =>
        {
            await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
            {
                received.Add(line.Output);
                if (received.Count == 6)
                {
                    env.State.AdvanceJob(build.JobId);
                }
            }
        });

        // The reconnect waits on the manual clock: let exactly that delay pass once the back-off timer is set.
        var signal = await firstReconnect.Task.WaitAsync(Patience);
        Assert.Empty(resumed);
        // (Task.Delay keeps whole milliseconds of the delay Polly was given.)
        await clock.WaitForTimersAsync(delays => delays.Any(d => (d - signal.Delay).Duration() < TimeSpan.FromMilliseconds(1)));
        clock.Advance(signal.Delay);
        await following.WaitAsync(Patience);

        Assert.Equal(FakeEnvironment.Lines(6), received);
        var reconnect = Assert.Single(reconnecting);
        Assert.Equal("GET /api/v2/workspacebuilds/{workspacebuild}/logs", reconnect.StreamName);
        Assert.Equal(1, reconnect.Attempt);
        Assert.InRange(reconnect.Delay, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var cause = Assert.IsType<CoderStreamInterruptedException>(reconnect.Cause);
        Assert.Equal("the connection dropped", cause.Message);
        Assert.IsType<WebSocketException>(cause.InnerException);
        var back = Assert.Single(resumed);
        Assert.Equal(reconnect.StreamName, back.StreamName);
        Assert.Equal(1, back.Attempt);
        Assert.Equal(2, env.Server.Streams.History.Count);
        Assert.Equal("fault", env.Server.Streams.History[0].EndedBy);
        Assert.EndsWith($"after={env.State.Logs(build.JobId)[2].Id}", env.Server.Streams.History[1].Path, StringComparison.Ordinal);
        var entry = Assert.Single(log.Named("StreamReconnecting"));
        Assert.Equal("1", entry["Attempt"]);
        Assert.Contains("the connection dropped", entry["Cause"], StringComparison.Ordinal);
        Assert.Single(log.Named("StreamResumed"));
    }

    [Fact]
    public async Task WatchAsync_ServerClosesEarlyTwiceWithoutData_CountsTheAttemptsUpAndReportsTheCloseAsTheCause()
    {
        var reconnecting = new ConcurrentQueue<CoderStreamReconnecting>();
        var resumed = new ConcurrentQueue<CoderStreamResumed>();
        await using var env = await FakeEnvironment.StartAsync(streams: s =>
        {
            s.OnReconnecting = reconnecting.Enqueue;
            s.OnResumed = resumed.Enqueue;
        });
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Close(0, WebSocketCloseStatus.EndpointUnavailable, "going away", "/watch-ws"));
        env.Server.Streams.Enqueue(FakeStreamFault.Close(0, WebSocketCloseStatus.EndpointUnavailable, "going away", "/watch-ws"));
        using var cancel = new CancellationTokenSource(Patience);

        await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            break;
        }

        Assert.Equal([1, 2], reconnecting.Select(r => r.Attempt));
        Assert.All(reconnecting, r =>
        {
            var cause = Assert.IsType<CoderStreamInterruptedException>(r.Cause);
            Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, cause.CloseStatus);
            Assert.Equal("going away", cause.CloseDescription);
        });
        Assert.Equal([1, 2], resumed.Select(r => r.Attempt));
        Assert.Equal(3, env.Server.Streams.History.Count);
    }

    [Fact]
    public async Task FollowLogsAsync_ReconnectCallbackThrows_EndsTheStreamWithThatException()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.OnReconnecting = _ => throw new InvalidOperationException("observer refused"));
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(2));
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(1));
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Record.ExceptionAsync(async () => await env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token).ToListAsync(cancel.Token));

        Assert.Equal("observer refused", Assert.IsType<InvalidOperationException>(error).Message);
        Assert.Single(env.Server.Streams.History);
    }
}
