using System.Net;
using System.Text.Json.Serialization;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using CoderSdk.Workflows;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace CoderSdk.Tests.Pipeline;

/// <summary>
/// A request the SDK has no method for goes through the client's own pipeline (<see cref="ICoderClient.SendAsync"/>,
/// the JSON helpers), and a view made with <see cref="ICoderClient.WithCallOptions"/> adds headers, a timeout and a
/// look at each response to generated calls without a second client.
/// </summary>
public sealed class SendAsyncTests
{
    [Fact]
    public async Task SendAsync_RelativePath_GoesThroughThePipeline_WithTheTokenInTheHeader()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v2/users/me"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/api/v2/users/me", request.RawTarget);
        Assert.Equal(server.AdminSessionToken, request.Headers["Coder-Session-Token"]);
        Assert.StartsWith("CoderSdk/", request.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.NotNull(await client.GetServerVersionAsync());
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SendAsync_ErrorStatus_IsTheTypedExceptionWithCodersMessage()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v2/users/nobody-by-this-name")));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.CoderMessage));
    }

    [Fact]
    public async Task SendAsync_AnotherOrigin_IsRefusedBeforeSending()
    {
        await using var server = await FakeCoderServer.StartAsync();
        await using var elsewhere = await FakeRecordingServer.StartAsync();
        using var client = TestClients.For(server);

        await Assert.ThrowsAsync<CoderForeignOriginException>(() =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(elsewhere.BaseUrl, "/api/v2/users/me"))));

        Assert.Empty(elsewhere.Requests);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_RetriesAnIdempotentMethod_ButNotAPost()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Path == "/api/v2/users/me");
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Path == "/api/v2/users/me/keys");

        using var read = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v2/users/me"));
        var post = await Assert.ThrowsAsync<CoderApiException>(() =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v2/users/me/keys") { Content = new StringContent("{}") }));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(2, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me/keys");
    }

    [Fact]
    public async Task SendJsonAsync_ReadsAnSdkModel_AndSendAsJsonAsync_SendsOne()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var me = await client.SendJsonAsync<User>(HttpMethod.Get, "/api/v2/users/me");
        var workspace = await client.SendAsJsonAsync<CreateWorkspaceRequest, Workspace>(HttpMethod.Post, "/api/v2/users/me/workspaces",
            new CreateWorkspaceRequest { Name = "raw-call", TemplateId = server.AnyTemplate() });

        Assert.Equal("admin", me.Username);
        Assert.Equal("raw-call", workspace.Name);
        Assert.Equal(me.Id, workspace.OwnerId);
    }

    [Fact]
    public async Task SendJsonAsync_OwnType_NeedsItsMetadata_AndReadsWithIt()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var missing = await Assert.ThrowsAsync<ArgumentException>(() => client.SendJsonAsync<MyUser>(HttpMethod.Get, "/api/v2/users/me"));
        var mine = await client.SendJsonAsync(HttpMethod.Get, "/api/v2/users/me", MyJson.Default.MyUser);

        Assert.Contains("JsonSerializerContext", missing.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests.Where(r => r.RawTarget == "/api/v2/users/me").Skip(1));
        Assert.Equal("admin", mine.Username);
    }

    [Fact]
    public async Task SendJsonAsync_AnHtmlPage_IsAnInvalidResponse_NotAJsonException()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        // The fake serves /healthz as text: a route that answers 200 with something other than JSON.
        var error = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.SendJsonAsync<User>(HttpMethod.Get, "/healthz"));

        Assert.Contains("expected JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithCallOptions_AddsHeadersToGeneratedCalls_AndShowsTheResponse()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.Headers["X-Team"] = "blue");
        var seen = new List<CoderResponseInfo>();
        string? version = null;
        var view = client.WithCallOptions(new CoderCallOptions
        {
            Headers = { ["X-Coder-Bypass-Ratelimit"] = "true", ["X-Team"] = "green" },
            ResponseReceived = r =>
            {
                seen.Add(r);
                version = r.GetHeader("X-Coder-Build-Version");
            },
        });

        var me = await view.Users.GetAsync("me");
        await client.Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        var info = Assert.Single(seen);
        Assert.Equal(HttpStatusCode.OK, info.StatusCode);
        Assert.Equal("/api/v2/users/{user}", info.RouteTemplate);
        Assert.Equal(1, info.Attempts);
        Assert.False(string.IsNullOrEmpty(version));
        var requests = server.Requests;
        Assert.Equal("true", requests[0].Headers["X-Coder-Bypass-Ratelimit"]);
        Assert.Equal("green", requests[0].Headers["X-Team"]);
        Assert.Equal(server.AdminSessionToken, requests[0].Headers["Coder-Session-Token"]);
        Assert.False(requests[1].Headers.ContainsKey("X-Coder-Bypass-Ratelimit"));
        Assert.Equal("blue", requests[1].Headers["X-Team"]);
    }

    [Fact]
    public async Task WithCallOptions_ResponseReceived_SeesFailuresAndRetries()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        server.Faults.Enqueue(FakeFault.Status(503), TestClients.IsMe);
        var seen = new List<CoderResponseInfo>();
        var view = client.WithCallOptions(new CoderCallOptions { ResponseReceived = seen.Add });

        await view.Users.GetAsync("me");
        await Assert.ThrowsAsync<CoderNotFoundException>(() => view.Users.GetAsync("nobody-by-this-name"));

        Assert.Equal([2, 1], seen.Select(s => s.Attempts));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.NotFound], seen.Select(s => s.StatusCode));
    }

    [Fact]
    public async Task WithCallOptions_Timeout_EndsAHangingCall_OnTheClientsClock()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var time = new FakeTimeProvider();
        using var client = TestClients.Create(server, configure: o => o.TimeProvider = time);
        server.Faults.Enqueue(FakeFault.Slow(TimeSpan.FromHours(1)), TestClients.IsMe);
        var view = client.WithCallOptions(new CoderCallOptions { Timeout = TimeSpan.FromSeconds(5) });

        var call = view.Users.GetAsync("me");
        await server.WaitForRequestsAsync(r => r.RawTarget == "/api/v2/users/me");
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);

        Assert.True(error.Message.Contains("per-call timeout of 5s", StringComparison.Ordinal), error.Message);
        Assert.Equal(TimeSpan.FromSeconds(5), error.Timeout);
    }

    [Fact]
    public async Task WithCallOptions_ASessionTokenHeader_IsRefused()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var error = Assert.Throws<ArgumentException>(() =>
            client.WithCallOptions(new CoderCallOptions { Headers = { ["coder-session-token"] = "x" } }));

        Assert.Contains("Coder-Session-Token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\"x\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithCallOptions_SendAsync_CarriesTheHeadersToo()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var view = client.WithCallOptions(new CoderCallOptions { Headers = { ["X-Trace"] = "abc" } });

        using var response = await view.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v2/buildinfo"));

        Assert.Equal("abc", Assert.Single(server.Requests).Headers["X-Trace"]);
    }

    [Fact]
    public async Task WithCallOptions_AStreamOfTheView_CarriesTheHeaders_AndDeliversItsItems()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var workspace = await client.CreateWorkspaceAsync("view-stream", server.AnyTemplate());
        await client.WaitForBuildAsync(workspace.LatestBuild.Id);
        var view = client.WithCallOptions(new CoderCallOptions { Headers = { ["X-Trace"] = "stream" } });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));

        var lines = await view.Streams.FollowBuildLogsAsync(workspace.LatestBuild.Id, cancellationToken: cancel.Token).ToListAsync(cancel.Token);

        Assert.NotEmpty(lines);
        // The view's WebSocket handshake (the last ?follow: WaitForBuildAsync made the first, without the header) and
        // the stream's plain reads after it all went through the view.
        var follow = server.Requests.Last(r => r.RawTarget.Contains("/logs?follow", StringComparison.Ordinal));
        Assert.Equal("stream", follow.Headers["X-Trace"]);
        Assert.Equal(server.AdminSessionToken, follow.Headers["Coder-Session-Token"]);
        Assert.All(server.Requests.SkipWhile(r => r != follow), r => Assert.Equal("stream", r.Headers["X-Trace"]));
    }

    public sealed record MyUser([property: JsonPropertyName("username")] string Username);
}

[JsonSerializable(typeof(SendAsyncTests.MyUser))]
internal sealed partial class MyJson : JsonSerializerContext;
