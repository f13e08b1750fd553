using System.Net;
using System.Text.Json;
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using CoderSdk.Versions;

namespace CoderSdk.Tests.Versions;

/// <summary>The fake server's claimed version and its older-release mode, over real HTTP.</summary>
public sealed class FakeServerVersionTests
{
    /// <summary>The fake's view of one operation with release data of the test's choosing.</summary>
    private static Func<CoderApiOperation, CoderApiOperation> Gate(CoderOperation target, string? since, string? until = null) =>
        api => ReferenceEquals(api.Operation, target) ? new CoderApiOperation(target with { Since = since, Until = until }) : api;

    private static FakeCoderServerOptions OldRelease(CoderOperation target, string since) => new()
    {
        Version = "v2.24.0",
        RestrictToVersion = true,
        OperationMap = Gate(target, since),
    };

    [Fact]
    public async Task Version_Default_ServedByBuildInfoAndOnEveryResponse()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var buildInfo = await http.GetAsync("/api/v2/buildinfo");
        using var unauthorized = await http.GetAsync("/api/v2/users/me");
        using var signedIn = new HttpClient { BaseAddress = server.BaseUrl };
        signedIn.DefaultRequestHeaders.Add("Coder-Session-Token", server.AdminSessionToken);
        using var missing = await signedIn.GetAsync("/api/v2/no-such-route");

        using var body = JsonDocument.Parse(await buildInfo.Content.ReadAsStringAsync());
        Assert.Equal(FakeCoderServerOptions.DefaultVersion, body.RootElement.GetProperty("version").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.All(new[] { buildInfo, unauthorized, missing }, r => Assert.Equal([FakeCoderServerOptions.DefaultVersion], r.Headers.GetValues(CoderVersionGate.HeaderName)));
    }

    [Fact]
    public async Task Version_HeaderTurnedOff_OnlyBuildInfoTellsIt()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = "v2.29.0", SendsVersionHeader = false });
        using var http = new HttpClient { BaseAddress = server.BaseUrl };

        using var response = await http.GetAsync("/api/v2/buildinfo");

        Assert.False(response.Headers.Contains(CoderVersionGate.HeaderName));
        Assert.Contains("\"version\":\"v2.29.0\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RestrictToVersion_OperationNewerThanTheRelease_RouteNotFoundLikeCoderd()
    {
        await using var server = await FakeCoderServer.StartAsync(OldRelease(CoderOperations.WorkspacesGet, since: "v2.29.0"));
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Add("Coder-Session-Token", server.AdminSessionToken);
        var id = server.State.Workspaces[0].Id;

        using var hidden = await http.GetAsync($"/api/v2/workspaces/{id}");
        using var anonymous = await new HttpClient { BaseAddress = server.BaseUrl }.GetAsync($"/api/v2/workspaces/{id}");
        using var listed = await http.GetAsync("/api/v2/workspaces");
        using var byName = await http.GetAsync("/api/v2/users/admin/workspace/dev");

        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal("""{"message":"Route not found."}""", await hidden.Content.ReadAsStringAsync());
        Assert.Equal(["v2.24.0"], hidden.Headers.GetValues(CoderVersionGate.HeaderName));
        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, byName.StatusCode);
    }

    [Fact]
    public async Task RestrictToVersion_OperationDroppedBeforeTheRelease_RouteNotFound()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions
        {
            Version = "v2.36.0",
            RestrictToVersion = true,
            OperationMap = Gate(CoderOperations.WorkspacesList, since: null, until: "v2.34.3"),
        });
        using var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Add("Coder-Session-Token", server.AdminSessionToken);

        using var response = await http.GetAsync("/api/v2/workspaces?q=owner:me");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task RestrictToVersion_SdkClient_GetsNotSupported()
    {
        await using var server = await FakeCoderServer.StartAsync(OldRelease(CoderOperations.WorkspacesGet, since: "v2.29.0"));
        using var client = TestClients.For(server);
        ServerVersionClientTests.Gate(client, CoderOperations.WorkspacesGet, since: "v2.29.0");

        var support = await client.CheckSupportAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync));
        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => client.Workspaces.GetAsync(server.State.Workspaces[0].Id));
        var listed = await client.Workspaces.ListAsync();

        Assert.Equal(CoderSupportStatus.NotSupported, support.Status);
        Assert.Equal("Workspaces.GetAsync", error.OperationName);
        Assert.Equal("v2.24.0", error.ServerVersion.Text);
        Assert.NotEmpty(listed.Workspaces);
    }

    [Fact]
    public async Task RestrictToVersion_ReleaseHasEveryOperation_AllRoutesAnswer()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = "v2.36.0", RestrictToVersion = true, OperationMap = Gate(CoderOperations.WorkspacesGet, "v2.29.0") });
        using var client = TestClients.For(server);

        var workspace = await client.Workspaces.GetAsync(server.State.Workspaces[0].Id);

        Assert.Equal(server.State.Workspaces[0].Id, workspace.Id);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("")]
    public async Task RestrictToVersion_VersionNotARelease_ArgumentException(string version)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = version, RestrictToVersion = true }));

        Assert.Contains("RestrictToVersion needs a Version that is a release number", error.Message);
    }

    [Theory]
    [InlineData("GET", "/api/v2/users/me", true)]
    [InlineData("GET", "/api/v2/users/alice/", true)]
    [InlineData("GET", "/api/v2/users/authmethods", false)]
    [InlineData("GET", "/api/v2/users/first", false)]
    [InlineData("DELETE", "/api/v2/users/me", false)]
    [InlineData("GET", "/api/v2/users/me/workspaces", false)]
    [InlineData("get", "/api/v2/users/me", true)]
    public void Routes_LiteralSegmentBeatsPlaceholder_OnlyTheGatedOperationIsHidden(string method, string path, bool hidden)
    {
        var routes = FakeReleaseRoutes.Create(CoderServerVersion.Parse("v2.24.0"), Gate(CoderOperations.UsersGet, since: "v2.29.0"));

        Assert.NotNull(routes);
        Assert.Equal(hidden, routes.Hides(method, path));
    }

    [Fact]
    public void Routes_ReleaseHasEveryOperation_NothingToHide()
    {
        var routes = FakeReleaseRoutes.Create(CoderServerVersion.Parse("v2.24.0"),
            api => new CoderApiOperation(api.Operation with { Since = null, Until = null }));

        Assert.Null(routes);
    }
}
