using System.Net;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// How a stream's handshake (the WebSocket upgrade or the SSE request) can be refused: a status that will not change
/// gives its typed exception at once, and a redirect the SDK does not follow is <see cref="CoderRedirectException"/>
/// with nothing sent to the other origin. Real HTTP on 127.0.0.1 throughout.
/// </summary>
public sealed class HandshakeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Statuses a new connection cannot change, and the exception each must surface as.</summary>
    public static TheoryData<int, Type> FinalStatuses => new()
    {
        { 401, typeof(CoderUnauthorizedException) },
        { 403, typeof(CoderForbiddenException) },
        { 404, typeof(CoderNotFoundException) },
        { 410, typeof(CoderApiException) },
    };

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public async Task FollowLogsAsync_UpgradeRefused_ThrowsTheStatusTypeWithoutReconnecting(int status, Type expected)
    {
        await using var server = await LoopbackServer.RespondingAsync(status, "application/json", "{\"message\":\"No way.\",\"detail\":\"refused by test\"}");
        using var client = StreamClient(server.BaseUrl);

        var error = await Record.ExceptionAsync(async () => await client.Streams.FollowBuildLogsAsync(Guid.NewGuid()).ToListAsync());

        var api = Assert.IsAssignableFrom<CoderApiException>(error);
        Assert.Equal(expected, api.GetType());
        Assert.Equal((HttpStatusCode)status, api.StatusCode);
        Assert.Equal("No way.", api.CoderMessage);
        Assert.Equal("refused by test", api.Detail);
        Assert.Equal("/api/v2/workspacebuilds/{workspacebuild}/logs", api.RouteTemplate);
        var upgrade = Assert.Single(server.Requests);
        Assert.Equal("websocket", upgrade.Headers["Upgrade"].ToString(), ignoreCase: true);
    }

    [Theory]
    [MemberData(nameof(FinalStatuses))]
    public async Task WatchAsync_ServerSentEventsRequestRefused_ThrowsTheStatusTypeWithoutReconnecting(int status, Type expected)
    {
        // watch-ws answers 404 (an older coderd), so the SDK falls back to SSE once; the SSE answer is final.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = context.Request.Path.Value!.EndsWith("/watch-ws", StringComparison.Ordinal) ? 404 : status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"message\":\"No way.\"}");
        });
        using var client = StreamClient(server.BaseUrl);

        var error = await Record.ExceptionAsync(async () => await client.Streams.WatchWorkspaceAsync(Guid.NewGuid()).ToListAsync());

        var api = Assert.IsAssignableFrom<CoderApiException>(error);
        Assert.Equal(expected, api.GetType());
        Assert.Equal((HttpStatusCode)status, api.StatusCode);
        Assert.Equal("/api/v2/workspaces/{workspace}/watch", api.RouteTemplate);
        Assert.Equal(2, server.Requests.Count);
        Assert.EndsWith("/watch-ws", server.Requests[0].RawTarget, StringComparison.Ordinal);
        Assert.EndsWith("/watch", server.Requests[1].RawTarget, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, typeof(CoderUnauthorizedException))]
    [InlineData(403, typeof(CoderForbiddenException))]
    [InlineData(410, typeof(CoderApiException))]
    public async Task WatchAsync_WebSocketUpgradeRefused_ThrowsTheStatusTypeWithoutFallingBackOrReconnecting(int status, Type expected)
    {
        await using var server = await LoopbackServer.RespondingAsync(status, "application/json", "{\"message\":\"No way.\"}");
        using var client = StreamClient(server.BaseUrl);

        var error = await Record.ExceptionAsync(async () => await client.Streams.WatchWorkspaceAsync(Guid.NewGuid()).ToListAsync());

        Assert.Equal(expected, error?.GetType());
        Assert.EndsWith("/watch-ws", Assert.Single(server.Requests).RawTarget, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task FollowLogsAsync_UpgradeRedirectedToAnotherOrigin_ThrowsRedirectErrorAndSendsNothingThere(int status)
    {
        await using var env = await FakeEnvironment.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        var build = env.CreateRunningBuild("one");
        env.Server.Faults.Enqueue(
            FakeFault.Redirect(new Uri(other.BaseUrl, $"api/v2/workspacebuilds/{build.Id}/logs?follow&after=0"), status).ForWebSocketUpgrades(),
            c => c.RawTarget.Contains("follow", StringComparison.Ordinal));

        var error = await Record.ExceptionAsync(async () => await env.Client.Streams.FollowBuildLogsAsync(build.Id).ToListAsync());

        var redirect = Assert.IsType<CoderRedirectException>(error);
        Assert.Equal((HttpStatusCode)status, redirect.StatusCode);
        Assert.Equal(other.BaseUrl.GetLeftPart(UriPartial.Authority), redirect.TargetOrigin);
        Assert.Contains("nothing was sent there", redirect.Message, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
        Assert.Single(env.Server.Requests, r => r.RawTarget.Contains("follow", StringComparison.Ordinal));
        Assert.Empty(env.Server.Streams.History);
    }

    [Fact]
    public async Task WatchAsync_ServerSentEventsRedirectedToAnotherOrigin_ThrowsRedirectErrorAndSendsNothingThere()
    {
        await using var env = await FakeEnvironment.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        env.Server.Streams.WebSocketWatchEnabled = false;
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.Server.Faults.Enqueue(FakeFault.Redirect(new Uri(other.BaseUrl, "collect"), 302), c => c.Path.EndsWith("/watch", StringComparison.Ordinal));

        var error = await Record.ExceptionAsync(async () => await env.Client.Streams.WatchWorkspaceAsync(workspace.Id).ToListAsync());

        var redirect = Assert.IsType<CoderRedirectException>(error);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Empty(other.Requests);
        Assert.Single(env.Server.Requests, r => r.RawTarget.EndsWith("/watch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FollowLogsAsync_UpgradeRedirectedWithinTheOrigin_FollowsItWithTheToken()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var build = env.CreateRunningBuild("one", "two");
        env.State.AdvanceJob(build.JobId);
        env.Server.Faults.Enqueue(
            FakeFault.Redirect(new Uri($"/api/v2/workspacebuilds/{build.Id}/logs?follow&after=0&moved=1", UriKind.Relative), 307).ForWebSocketUpgrades(),
            c => c.RawTarget.Contains("follow", StringComparison.Ordinal));
        using var cancel = new CancellationTokenSource(Patience);

        var lines = await env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token).Select(l => l.Output).ToListAsync(cancel.Token);

        Assert.Equal(["one", "two"], lines);
        var moved = Assert.Single(env.Server.Requests, r => r.RawTarget.Contains("moved=1", StringComparison.Ordinal));
        Assert.Equal(env.Server.AdminSessionToken, moved.Headers[CoderCredentialStep.SessionTokenHeader]);
        Assert.EndsWith("moved=1", Assert.Single(env.Server.Streams.History).Path, StringComparison.Ordinal);
    }

    private static CoderClient StreamClient(Uri baseUrl)
    {
        var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = TestClients.LeakCanaryToken };
        TestClients.Shorten(options.Resilience);
        options.Streaming.ReconnectBaseDelay = TimeSpan.FromMilliseconds(1);
        options.Streaming.ReconnectMaxDelay = TimeSpan.FromMilliseconds(5);
        return new CoderClient(options);
    }
}
