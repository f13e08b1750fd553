using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// A server that sends what a stream cannot carry is broken, not the network: the stream ends at once with a typed
/// error naming the stream and the cause, after delivering everything before it, and the SDK does not reconnect.
/// Every case runs over a real WebSocket or SSE response from the fake server.
/// </summary>
public sealed class HostileServerTests
{
    private const string BuildLogs = "GET /api/v2/workspacebuilds/{workspacebuild}/logs";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public Task FollowLogsAsync_BinaryMessage_EndsWithProtocolViolationWithoutReconnecting() =>
        FollowFaultedBuildAsync(FakeStreamFault.Binary(2), async (env, error) =>
        {
            Assert.Equal(CoderStreamFailure.ProtocolViolation, error.Failure);
            Assert.Equal(3, error.FrameNumber);
            Assert.Contains("message 3 is a binary message", error.Message, StringComparison.Ordinal);
            var stream = env.Server.Streams.History[0];
            await stream.Ended.WaitAsync(Patience);
            Assert.Equal(WebSocketCloseStatus.InvalidMessageType, stream.ClientCloseStatus);
        });

    [Fact]
    public Task FollowLogsAsync_TextFrameWithInvalidUtf8_EndsWithProtocolViolationWithoutReconnecting() =>
        FollowFaultedBuildAsync(FakeStreamFault.InvalidUtf8(2), (_, error) =>
        {
            Assert.Equal(CoderStreamFailure.ProtocolViolation, error.Failure);
            Assert.Contains("message 3 is a text frame that is not valid UTF-8", error.Message, StringComparison.Ordinal);
            Assert.IsType<WebSocketException>(error.InnerException);
            return Task.CompletedTask;
        });

    [Theory]
    [InlineData("[{\"id\": 9, \"output\": \"x\"}]", "is not a ProvisionerJobLog")]
    [InlineData("{\"id\": \"nine\", \"output\": \"x\"}", "is not a ProvisionerJobLog")]
    [InlineData("42", "is not a ProvisionerJobLog")]
    [InlineData("{\"output\": \"no id\"}", "holds a log line without an id")]
    public Task FollowLogsAsync_FrameOfTheWrongShape_EndsWithMalformedFrameWithoutReconnecting(string frame, string cause) =>
        FollowFaultedBuildAsync(FakeStreamFault.Malformed(2, frame), (_, error) =>
        {
            Assert.Equal(CoderStreamFailure.MalformedFrame, error.Failure);
            Assert.Contains("frame 3 " + cause, error.Message, StringComparison.Ordinal);
            return Task.CompletedTask;
        });

    [Fact]
    public async Task AgentFollowLogsAsync_ObjectWhereABatchIsExpected_EndsWithMalformedFrameWithoutReconnecting()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "a", "b");
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, "{\"id\": 7, \"output\": \"not in an array\"}", "/logs"));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var log in env.Client.Streams.FollowAgentLogsAsync(agent.Id, cancellationToken: cancel.Token))
            {
                received.Add(log.Output);
                if (received.Count == 2)
                {
                    env.State.AppendAgentLogs(agent.Id, "c"); // the server's next frame is the fault's
                }
            }
        });

        Assert.Equal(["a", "b"], received);
        Assert.Equal(CoderStreamFailure.MalformedFrame, error.Failure);
        Assert.StartsWith("GET /api/v2/workspaceagents/{workspaceagent}/logs: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("frame 2 is not a list of WorkspaceAgentLog", error.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public Task FollowLogsAsync_MessageOverMaxMessageBytes_EndsWithMessageTooLargeWithoutReconnecting() =>
        FollowFaultedBuildAsync(FakeStreamFault.Oversized(2, 1024 * 1024), async (env, error) =>
        {
            Assert.Equal(CoderStreamFailure.MessageTooLarge, error.Failure);
            Assert.Contains("message 3 is larger than the 4096-byte limit (CoderStreamOptions.MaxMessageBytes)", error.Message, StringComparison.Ordinal);
            var stream = env.Server.Streams.History[0];
            await stream.Ended.WaitAsync(Patience);
            // The client closes 1009 while the server is still writing the megabyte; whether the server's side reads
            // that close frame before its send fails is a race, so only a close it did read is checked.
            Assert.True(stream.ClientCloseStatus is null or WebSocketCloseStatus.MessageTooBig, $"closed {stream.ClientCloseStatus}");
        }, s => s.MaxMessageBytes = 4096);

    [Fact]
    public async Task WatchAsync_ServerSentEventOverMaxMessageBytes_EndsWithMessageTooLargeWithoutReconnecting()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.MaxMessageBytes = 64 * 1024);
        env.Server.Streams.WebSocketWatchEnabled = false;
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Oversized(1, 1024 * 1024, "/watch"));
        var (seen, failure) = await env.WatchUntilEndAsync(workspace.Id);

        var error = Assert.IsType<CoderStreamException>(failure);
        Assert.Equal(1, seen);
        Assert.Equal(CoderStreamFailure.MessageTooLarge, error.Failure);
        Assert.StartsWith("GET /api/v2/workspaces/{workspace}/watch: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("event 2 is larger than the 65536-byte limit", error.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public async Task FollowLogsAsync_EndlessOneByteFragments_TimeOutAfterMessageTimeoutAlthoughEachFragmentIsActivity()
    {
        var clock = new ManualTimeProvider();
        await using var env = await FakeEnvironment.StartAsync(
            streams: s =>
            {
                s.IdleTimeout = TimeSpan.FromSeconds(40); // the message bound defaults to it
                s.MaxReconnectAttempts = 0;
            },
            client: o => o.TimeProvider = clock);
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(3));
        env.Server.Streams.Enqueue(FakeStreamFault.Trickle(2, TimeSpan.FromMilliseconds(5)));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();
        var linesBeforeTheFault = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var following = Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
            {
                received.Add(line.Output);
                if (received.Count == 2)
                {
                    linesBeforeTheFault.TrySetResult();
                }
            }
        });

        // Once the endless message has begun, two 40 s timers wait: the idle watchdog, and the message bound its first
        // fragment started. Fragments keep coming and re-arm the idle watchdog; only the message bound is measured
        // from the message's start. One second on, a fragment has re-armed the watchdog (40 s again) while the message
        // bound has 39 s left, so the two are not due at the same instant (FakeTimeProvider orders such ties arbitrarily).
        await linesBeforeTheFault.Task.WaitAsync(Patience);
        var stream = Assert.Single(env.Server.Streams.History);
        Assert.True(SpinWait.SpinUntil(() => stream.FragmentsSent >= 3, Patience), "the server kept sending fragments");
        await clock.WaitForTimersAsync(delays => delays.Count(d => d == TimeSpan.FromSeconds(40)) >= 2);
        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(39)) && delays.Contains(TimeSpan.FromSeconds(40)));
        clock.Advance(TimeSpan.FromSeconds(40));
        var error = await following;

        Assert.Equal(["line 0", "line 1"], received);
        Assert.Equal(CoderStreamFailure.ReconnectsExhausted, error.Failure);
        var cause = Assert.IsType<CoderStreamInterruptedException>(error.InnerException);
        Assert.Contains("message 3 did not complete within 40 s (CoderStreamOptions.MessageTimeout)", cause.Message, StringComparison.Ordinal);
        Assert.Contains("did not complete within 40 s", error.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public async Task WatchAsync_ServerSentEventThatNeverEnds_TimesOutAfterMessageTimeout()
    {
        var clock = new ManualTimeProvider();
        await using var env = await FakeEnvironment.StartAsync(
            streams: s =>
            {
                s.IdleTimeout = TimeSpan.FromSeconds(90);
                s.MessageTimeout = TimeSpan.FromSeconds(20);
                s.MaxReconnectAttempts = 0;
            },
            client: o => o.TimeProvider = clock);
        env.Server.Streams.WebSocketWatchEnabled = false;
        env.Server.Streams.PingInterval = TimeSpan.Zero;
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Trickle(1, TimeSpan.FromMilliseconds(5), "/watch"));
        using var cancel = new CancellationTokenSource(Patience);
        var seen = 0;
        var snapshotDelivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var watching = Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var snapshot in env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
            {
                seen++;
                snapshotDelivered.TrySetResult();
                env.State.NotifyWorkspaceChanged(workspace.Id);
            }
        });

        // The snapshot event (which may itself arrive in pieces) is complete; the bound that matters is the next event's.
        await snapshotDelivered.Task.WaitAsync(Patience);
        var stream = Assert.Single(env.Server.Streams.History);
        Assert.True(SpinWait.SpinUntil(() => stream.FragmentsSent >= 3, Patience), "the server kept sending pieces");
        await clock.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(20)));
        clock.Advance(TimeSpan.FromSeconds(21));
        var error = await watching;

        Assert.Equal(1, seen);
        Assert.Equal(CoderStreamFailure.ReconnectsExhausted, error.Failure);
        var cause = Assert.IsType<CoderStreamInterruptedException>(error.InnerException);
        Assert.Contains("event 2 did not complete within 20 s", cause.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
    }

    [Theory]
    [InlineData(WebSocketCloseStatus.InternalServerError, "database exploded")]
    [InlineData(WebSocketCloseStatus.NormalClosure, "restarting")]
    public async Task WatchAsync_ServerClosesAndReconnectsRunOut_EndsWithTheCloseCodeAndReason(WebSocketCloseStatus status, string reason)
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.MaxReconnectAttempts = 0);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Streams.Enqueue(FakeStreamFault.Close(1, status, reason, "/watch-ws"));
        var (seen, error) = await env.WatchUntilEndAsync(workspace.Id);

        var stream = Assert.IsType<CoderStreamException>(error);
        Assert.Equal(1, seen);
        Assert.Equal(CoderStreamFailure.ReconnectsExhausted, stream.Failure);
        Assert.Equal(status, stream.CloseStatus);
        Assert.Equal(reason, stream.CloseDescription);
        Assert.Contains($"(close {(int)status} \"{reason}\")", stream.Message, StringComparison.Ordinal);
    }

    [Fact]
    public Task FollowLogsAsync_ServerClosesWhileRunningAndReconnectsRunOut_EndsWithTheCloseCodeAndReason() =>
        FollowFaultedBuildAsync(FakeStreamFault.Close(2, WebSocketCloseStatus.InternalServerError, "query failed"), (_, error) =>
        {
            Assert.Equal(CoderStreamFailure.ReconnectsExhausted, error.Failure);
            Assert.Equal(WebSocketCloseStatus.InternalServerError, error.CloseStatus);
            Assert.Equal("query failed", error.CloseDescription);
            Assert.Contains("(close 1011 \"query failed\")", error.Message, StringComparison.Ordinal);
            return Task.CompletedTask;
        }, s => s.MaxReconnectAttempts = 0);

    /// <summary>
    /// Follows a running build of five lines whose stream gets <paramref name="fault"/> after two, checks what every
    /// case shares (the two lines before the fault arrived, a <see cref="CoderStreamException"/> naming the stream,
    /// exactly one connection), then hands the error to <paramref name="check"/>.
    /// </summary>
    private static async Task FollowFaultedBuildAsync(FakeStreamFault fault, Func<FakeEnvironment, CoderStreamException, Task> check, Action<CoderStreamOptions>? streams = null)
    {
        await using var env = await FakeEnvironment.StartAsync(streams: streams);
        var build = env.CreateRunningBuild(FakeEnvironment.Lines(5));
        env.Server.Streams.Enqueue(fault);

        var (received, error) = await env.FollowBuildUntilEndAsync(build.Id);

        Assert.Equal(["line 0", "line 1"], received);
        var stream = Assert.IsType<CoderStreamException>(error);
        Assert.StartsWith(BuildLogs + ": ", stream.Message, StringComparison.Ordinal);
        Assert.Single(env.Server.Streams.History);
        await check(env, stream);
    }
}
