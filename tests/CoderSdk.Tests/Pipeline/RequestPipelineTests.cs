using CoderSdk.Auth;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Pipeline;

/// <summary>The request pipeline against the fake coderd over real HTTP on 127.0.0.1.</summary>
public sealed class RequestPipelineTests
{
    [Fact]
    public async Task GetUser_Me_SendsTokenUserAgentAndAcceptHeaders()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var me = await client.Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        var request = server.Requests.Single(r => r.RawTarget == "/api/v2/users/me");
        Assert.Equal(server.AdminSessionToken, request.Headers["Coder-Session-Token"]);
        Assert.StartsWith("CoderSdk/", request.Headers["User-Agent"]);
        Assert.Contains("(.NET ", request.Headers["User-Agent"]);
        Assert.Equal("application/json", request.Headers["Accept"]);
    }

    [Fact]
    public async Task AnyRequest_ExtraHeadersAndCustomUserAgent_SentOnEveryRequest()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var options = new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = server.AdminSessionToken, UserAgent = "my-portal/1.2" };
        options.Headers["X-Forwarded-User"] = "portal";
        options.Headers["X-Trace"] = "abc";
        using var client = new CoderClient(options);

        await client.General.GetBuildInfoAsync();
        await client.Users.GetAsync("me");

        Assert.All(server.Requests, r =>
        {
            Assert.Equal("my-portal/1.2", r.Headers["User-Agent"]);
            Assert.Equal("portal", r.Headers["X-Forwarded-User"]);
            Assert.Equal("abc", r.Headers["X-Trace"]);
        });
    }

    [Fact]
    public async Task Options_ChangedAfterConstruction_DoNotAffectClient()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var options = new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = server.AdminSessionToken };
        using var client = new CoderClient(options);
        options.SessionToken = "changed-afterwards";
        options.Headers["X-Late"] = "1";

        await client.Users.GetAsync("me");

        var request = Assert.Single(server.Requests);
        Assert.Equal(server.AdminSessionToken, request.Headers["Coder-Session-Token"]);
        Assert.False(request.Headers.ContainsKey("X-Late"));
    }

    [Fact]
    public async Task GetByOwnerAndName_NameWithSpaceAndSlash_SentAsOneEscapedSegment()
    {
        await using var server = await LoopbackServer.RespondingAsync(404, "application/json", "{\"message\":\"Resource not found or you do not have access to this resource\"}");
        using var client = TestClients.For(server);

        await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetByOwnerAndNameAsync("me", "my ws/2"));

        Assert.Equal("/api/v2/users/me/workspace/my%20ws%2F2", server.Requests.Single().RawTarget);
    }

    [Fact]
    public async Task GetByOwnerAndName_ExistingWorkspace_ReturnsIt()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var workspace = await client.Workspaces.GetByOwnerAndNameAsync("alice", "notebook");

        Assert.Equal("notebook", workspace.Name);
        Assert.Equal("alice", workspace.OwnerName);
    }

    [Fact]
    public async Task ListWorkspaces_QueryFilter_EncodedAndApplied()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var page = await client.Workspaces.ListAsync("owner:me template:docker", limit: 10);

        var workspace = Assert.Single(page.Workspaces);
        Assert.Equal("dev", workspace.Name);
        Assert.Equal(1, page.Count);
        Assert.Contains(server.Requests, r => r.RawTarget == "/api/v2/workspaces?q=owner%3Ame%20template%3Adocker&limit=10");
    }

    [Fact]
    public async Task GetWorkspace_ById_ReadsNestedBuildAndJob()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var seeded = server.State.Workspaces[0];

        var workspace = await client.Workspaces.GetAsync(seeded.Id);
        var build = await client.Builds.GetAsync(workspace.LatestBuild.Id);

        Assert.Equal(seeded.Id, workspace.Id);
        Assert.Equal("running", workspace.LatestBuild.Status.Value);
        Assert.Equal("succeeded", build.Job.Status.Value);
        Assert.Equal(workspace.LatestBuild.Job.Id, build.Job.Id);
        Assert.NotNull(build.Job.CompletedAt);
    }

    [Fact]
    public async Task GetBuildInfo_WithoutToken_AllowedWhenAnonymous()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = new CoderClient(new CoderClientOptions { BaseUrl = server.BaseUrl, AllowAnonymous = true });

        var info = await client.General.GetBuildInfoAsync();

        Assert.StartsWith("v2.", info.Version);
        Assert.False(server.Requests.Single().Headers.ContainsKey("Coder-Session-Token"));
    }

    [Theory]
    [InlineData(201)]
    [InlineData(204)]
    [InlineData(202)]
    public async Task Get_UndocumentedSuccessStatus_ThrowsInvalidResponse(int status)
    {
        await using var server = await LoopbackServer.RespondingAsync(status, "application/json", status == 204 ? "" : "{\"version\":\"v2\"}");
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.General.GetBuildInfoAsync());

        Assert.Equal(status, (int)ex.StatusCode);
        Assert.Contains("expected status 200", ex.Message);
        Assert.StartsWith("GET /api/v2/buildinfo: ", ex.Message);
    }

    [Fact]
    public async Task CustomHttpClient_SdkHeadersStillApplied()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("X-From-Caller", "yes");
        using var client = new CoderClient(http, new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = server.AdminSessionToken });

        var me = await client.Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        var request = server.Requests.Single();
        Assert.Equal(server.AdminSessionToken, request.Headers["Coder-Session-Token"]);
        Assert.Equal("yes", request.Headers["X-From-Caller"]);
    }

    [Fact]
    public async Task TokenProvider_ReadPerRequest_RotationTakesEffect()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var alice = server.State.AddUser("carol");
        var provider = new RotatingProvider(server.AdminSessionToken);
        using var client = new CoderClient(new CoderClientOptions { BaseUrl = server.BaseUrl, TokenProvider = provider });

        var first = await client.Users.GetAsync("me");
        provider.Current = alice.SessionToken;
        var second = await client.Users.GetAsync("me");

        Assert.Equal("admin", first.Username);
        Assert.Equal("carol", second.Username);
    }

    private sealed class RotatingProvider(string initial) : ICoderTokenProvider
    {
        public string Current { get; set; } = initial;

        public ValueTask<CoderSessionToken?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<CoderSessionToken?>(new CoderSessionToken(Current));
    }
}
