using System.Net.WebSockets;
using CoderSdk.Errors;
using CoderSdk.Streaming;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// The close handshake of one stream socket (<see cref="WebSocketSession"/>) whatever the order of the three parties
/// that end it: the stop registration (which sends the close frame from the thread pool), the receive loop's exit and
/// <see cref="WebSocketSession.DisposeAsync"/>; and how a receive that one of the session's bounds cancelled is reported
/// whenever the cancel lands. The racy orders are forced with a gate or a seam, not with timing.
/// </summary>
public sealed class WebSocketSessionCloseTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DisposeAsync_StopsCloseFrameNotSentYet_WaitsForItAndClosesWithNormalClosure()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.CloseTimeout = Patience);
        using var stop = new CancellationTokenSource();
        var socket = await OpenDynamicParametersAsync(env, serverReads: true, stop.Token);
        var record = await env.SubscribedAsync("/dynamic-parameters");
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.BeforeStopClose = () =>
        {
            holding.TrySetResult();
            return release.Task;
        };

        // The racy order of a busy machine: the stop claims the close, but its frame has not gone out (the thread pool
        // has not run it yet) when the receive loop ends and disposes the socket.
        stop.Cancel();
        await holding.Task.WaitAsync(Patience);
        var disposing = socket.DisposeAsync().AsTask();
        release.SetResult();
        await disposing.WaitAsync(Patience);
        await record.Ended.WaitAsync(Patience);

        Assert.Equal("client-close", record.EndedBy);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, record.ClientCloseStatus);
        // The server's answer was read before the socket was let go (see the next test).
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseDescription);
    }

    [Fact]
    public async Task DisposeAsync_StopsCloseFrameSentButTheAnswerUnread_ReadsTheServersCloseFrameBeforeLettingGo()
    {
        // The stop's close frame goes out and the receive loop ends on something else before it reads the server's answer
        // (the consumer stopped while a frame was being handed over). Disposing the socket with the answer unread would
        // close a connection with unread bytes, which the kernel resets, and the server could then see an abort instead
        // of the close frame it had been sent.
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.CloseTimeout = Patience);
        using var stop = new CancellationTokenSource();
        var socket = await OpenDynamicParametersAsync(env, serverReads: true, stop.Token);
        var record = await env.SubscribedAsync("/dynamic-parameters");

        // The server has the close frame (and has answered it) before the session is disposed; nothing has read since.
        stop.Cancel();
        await record.Ended.WaitAsync(Patience);
        Assert.Null(socket.CloseStatus);
        await socket.DisposeAsync().AsTask().WaitAsync(Patience);

        Assert.Equal("client-close", record.EndedBy);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal("bye", socket.CloseDescription);
    }

    [Fact]
    public async Task ReceiveAsync_IdleBoundCancelledBetweenTwoReceives_ReportsTheSilenceNotADroppedConnection()
    {
        // A cancel that lands just as a receive completes: the runtime aborts the socket after the receive has returned
        // its data, and the next receive fails with WebSocketException (InvalidState), not OperationCanceledException.
        // The cause is still the bound that cancelled (here the idle watchdog), not a drop. Forced: the watchdog fires
        // with no receive pending, then the socket is aborted as the late cancellation would.
        var clock = new ManualTimeProvider();
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.IdleTimeout = TimeSpan.FromSeconds(10), client: o => o.TimeProvider = clock);
        using var stop = new CancellationTokenSource();
        // serverReads: false sets no keep-alive timeout, so the silence bound is watched on every target framework.
        var socket = await OpenDynamicParametersAsync(env, serverReads: false, stop.Token);
        Assert.NotNull(await socket.ReceiveAsync());

        await clock.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(socket.TimedOut);
        await socket.AbortLikeALateCancellationAsync();
        var error = await Assert.ThrowsAsync<CoderStreamInterruptedException>(async () => await socket.ReceiveAsync());
        await socket.DisposeAsync();

        Assert.Equal("no frame arrived for 10 s", error.Message);
        Assert.IsType<WebSocketException>(error.InnerException);
    }

    /// <summary>Opens the socket of a dynamic-parameters session (the server sends one message, then answers what it reads).</summary>
    private static Task<WebSocketSession> OpenDynamicParametersAsync(FakeEnvironment env, bool serverReads, CancellationToken stop)
    {
        var version = env.State.TemplateVersion(env.State.AddTemplate("docker", "Docker").ActiveVersionId)!;
        return WebSocketSession.ConnectAsync(env.Client.Connection, CoderStreams.DynamicParameters(version.Id, null).NameRequest(0), serverReads, stop);
    }
}
