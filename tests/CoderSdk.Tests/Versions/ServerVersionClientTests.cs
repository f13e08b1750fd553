using System.Net;
using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;
using CoderSdk.Versions;
using CoderSdk.Workflows;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CoderSdk.Tests.Versions;

/// <summary>
/// How a client learns coderd's version and what it does with it, over real HTTP on 127.0.0.1. The generated table
/// has no release data yet, so each test gives one operation a <c>Since</c>/<c>Until</c> through the client's seam.
/// </summary>
public sealed class ServerVersionClientTests
{
    private static FakeCoderServerOptions Claiming(string version, bool header = true) => new() { Version = version, SendsVersionHeader = header };

    /// <summary>Gives <paramref name="target"/> release data on this client only.</summary>
    internal static void Gate(CoderClient client, CoderOperation target, string? since, string? until = null) =>
        client.Connection.Versions.OperationMap = op => ReferenceEquals(op, target) ? op with { Since = since, Until = until } : op;

    private static int BuildInfoRequests(FakeCoderServer server) => server.Requests.Count(r => r.RawTarget == "/api/v2/buildinfo");

    [Fact]
    public async Task GetServerVersion_AfterAnyResponse_ComesFromItsHeaderWithoutBuildInfo()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.29.0"));
        using var client = TestClients.For(server);

        await client.Users.GetAsync("me");
        var version = await client.GetServerVersionAsync();

        Assert.Equal(CoderServerVersion.Parse("v2.29.0"), version);
        Assert.Equal(0, BuildInfoRequests(server));
    }

    [Fact]
    public async Task GetServerVersion_AfterARawSendOrAStreamHandshake_ComesFromItsHeaderWithoutBuildInfo()
    {
        // The pipeline's operation step is the one place a client learns the version: raw sends and stream
        // handshakes pass it too.
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.29.0"));
        using var raw = TestClients.For(server);
        using (await raw.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v2/users/me")))
        {
        }

        Assert.Equal(CoderServerVersion.Parse("v2.29.0"), await raw.GetServerVersionAsync());
        var workspace = await raw.Workspaces.GetByOwnerAndNameAsync("admin/dev");

        using var streaming = TestClients.For(server);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var snapshot in streaming.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token))
        {
            Assert.Equal(workspace.Id, snapshot.Id);
            break;
        }

        Assert.Equal(CoderServerVersion.Parse("v2.29.0"), await streaming.GetServerVersionAsync());
        Assert.Equal(0, BuildInfoRequests(server));
    }

    [Fact]
    public async Task GetServerVersion_HeaderChangesLater_FirstValueIsKept()
    {
        var answered = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            // Each answer claims a newer version; only the first one may count.
            context.Response.Headers[CoderVersionGate.HeaderName] = Interlocked.Increment(ref answered) == 1 ? "v2.29.0" : "v2.36.0";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
        });
        using var client = TestClients.For(server);

        await client.Users.GetAsync("me");
        await client.Users.GetAsync("me");
        var version = await client.GetServerVersionAsync();

        Assert.Equal("v2.29.0", version!.Text);
        Assert.Equal(2, server.Requests.Count);
        Assert.DoesNotContain(server.Requests, r => r.RawTarget.Contains("buildinfo", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetServerVersion_NoHeader_ReadsBuildInfoOnceAndCachesIt()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.29.0-rc.1", header: false));
        using var client = TestClients.For(server);

        var first = await client.GetServerVersionAsync();
        var second = await client.GetServerVersionAsync();

        Assert.Equal("v2.29.0-rc.1", first!.Text);
        Assert.Same(first, second);
        Assert.Equal(1, BuildInfoRequests(server));
    }

    [Fact]
    public async Task GetServerVersion_ConcurrentFirstCallers_AllGetTheSameVersion()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.34.3", header: false));
        using var client = TestClients.For(server);

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetServerVersionAsync().AsTask()));

        Assert.All(versions, v => Assert.Same(versions[0], v));
        Assert.Equal("v2.34.3", versions[0]!.Text);
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("")]
    public async Task GetServerVersion_NotAReleaseNumber_Null(string claimed)
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming(claimed, header: false));
        using var client = TestClients.For(server);

        Assert.Null(await client.GetServerVersionAsync());
        Assert.Null(await client.GetServerVersionAsync());
        Assert.Equal(1, BuildInfoRequests(server));
    }

    [Fact]
    public async Task GetServerVersion_BuildInfoFails_ThrowsAndAsksAgainNextTime()
    {
        await using var server = await LoopbackServer.RespondingAsync(503, "application/json", """{"message":"starting up"}""");
        using var client = new CoderClient(new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = "t0ken-not-used", Resilience = { Enabled = false } });

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.GetServerVersionAsync().AsTask());
        await Assert.ThrowsAsync<CoderApiException>(() => client.GetServerVersionAsync().AsTask());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task NotFound_ServerOlderThanSince_IsNotSupportedNamingOperationAndVersions()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0+e5a74a7"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");
        var id = server.State.Workspaces[0].Id;

        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => client.Workspaces.GetTimingsAsync(id));

        Assert.Equal(
            "Workspaces.GetTimingsAsync (GET /api/v2/workspaces/{workspace}/timings) is not available on this deployment: " +
            "it was introduced in coderd v2.29.0 and the server runs v2.24.0+e5a74a7 (404 Not Found: Route not found.)",
            error.Message);
        Assert.DoesNotContain(id.ToString(), error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(server.AdminSessionToken, error.ToString(), StringComparison.Ordinal);
        Assert.Equal("Workspaces.GetTimingsAsync", error.OperationName);
        Assert.Equal("/api/v2/workspaces/{workspace}/timings", error.RouteTemplate);
        Assert.Equal(CoderServerVersion.Parse("v2.29.0"), error.IntroducedIn);
        Assert.Null(error.RemovedAfter);
        Assert.Equal(CoderServerVersion.Parse("v2.24.0"), error.ServerVersion);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.IsAssignableFrom<CoderNotFoundException>(error);
    }

    [Fact]
    public async Task NotFound_ServerNewerThanUntil_IsNotSupportedSayingTheLastRelease()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.36.0-devel+a300a06"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: null, until: "v2.34.3");

        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.Contains("coderd v2.34.3 is the last release known to have it and the server runs v2.36.0-devel+a300a06", error.Message);
        Assert.Equal(CoderServerVersion.Parse("v2.34.3"), error.RemovedAfter);
    }

    [Fact]
    public async Task NotFound_CaughtAsNotFound_ExistingHandlersStillWork()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        var error = await Assert.ThrowsAnyAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.IsType<CoderNotSupportedException>(error);
    }

    [Fact]
    public async Task NotFound_ServerHasTheRelease_StaysPlainNotFound()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.29.0"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.StartsWith("GET /api/v2/workspaces/{workspace}/timings: 404 Not Found: Route not found.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotFound_OperationWithoutReleaseData_StaysPlainNotFound()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0"));
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.StartsWith("GET /api/v2/workspaces/{workspace}/timings: 404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotFound_MissingResourceOnAGatedRoute_StaysPlainNotFound()
    {
        // coderd's resource message proves the route exists, whatever the release data says.
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.UsersGet, since: "v2.29.0");

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Users.GetAsync("nobody-by-this-name"));

        Assert.Equal("Resource not found or you do not have access to this resource", error.CoderMessage);
    }

    [Fact]
    public async Task NotFound_VersionNotARelease_PlainNotFoundAndOneLogLinePerClient()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("dev"));
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");
        var id = server.State.Workspaces[0].Id;

        await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(id));
        await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(id));
        var support = await client.CheckSupportAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetTimingsAsync));

        var line = Assert.Single(log.Named("VersionChecksOff"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, line.Level);
        Assert.Contains("Version checks are off for " + server.BaseUrl.GetLeftPart(UriPartial.Authority), line.Message);
        Assert.Contains("coderd reports its version as 'dev' (the X-Coder-Build-Version header), which is not a release number", line.Message);
        Assert.Equal(CoderSupportStatus.Unknown, support.Status);
    }

    [Fact]
    public async Task NotFound_NoVersionHeader_PlainNotFoundAndTheLogLineSaysWhy()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0", header: false));
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.IsType<CoderNotFoundException>(error);
        Assert.Contains("no response carried the X-Coder-Build-Version header", Assert.Single(log.Named("VersionChecksOff")).Message);
        Assert.Equal(0, BuildInfoRequests(server));
    }

    [Fact]
    public async Task NotFound_DevelopmentBuildWithoutTag_ChecksOff()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v0.0.0-devel"));
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.IsType<CoderNotFoundException>(error);
        Assert.Contains("a development build without a release tag", Assert.Single(log.Named("VersionChecksOff")).Message);
    }

    [Fact]
    public async Task NotFound_HeaderOfThe404DiffersFromTheCache_The404sVersionCounts()
    {
        var answered = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref answered) == 1)
            {
                context.Response.Headers[CoderVersionGate.HeaderName] = "v2.36.0";
                await context.Response.WriteAsync("{}");
                return;
            }

            // The deployment was rolled back under the long-lived client.
            context.Response.Headers[CoderVersionGate.HeaderName] = "v2.24.0";
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("""{"message":"Route not found."}""");
        });
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        await client.Users.GetAsync("me");
        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => client.Workspaces.GetTimingsAsync(Guid.NewGuid()));

        Assert.Equal("v2.24.0", error.ServerVersion.Text);
        Assert.Equal("v2.24.0", (await client.GetServerVersionAsync())!.Text);
    }

    [Fact]
    public async Task CheckSupport_ServerOlderThanSince_NotSupportedWithoutCallingTheOperation()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0", header: false));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        var support = await client.CheckSupportAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetTimingsAsync));
        var supports = await client.SupportsAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetTimingsAsync));

        Assert.Equal(CoderSupportStatus.NotSupported, support.Status);
        Assert.False(support.IsSupported);
        Assert.False(supports);
        Assert.Equal("Workspaces.GetTimingsAsync was introduced in coderd v2.29.0 and the server runs v2.24.0", support.Reason);
        Assert.Equal("v2.24.0", support.ServerVersion!.Text);
        Assert.Equal(["/api/v2/buildinfo"], server.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task CheckSupport_ServerHasTheRelease_Supported()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.36.0"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0", until: "v2.36.0");

        var support = await client.CheckSupportAsync(CoderApiOperation.Get<IWorkspacesApi>(nameof(IWorkspacesApi.GetTimingsAsync)));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.Equal("Workspaces.GetTimingsAsync is in coderd from v2.29.0 to v2.36.0 and the server runs v2.36.0", support.Reason);
    }

    [Fact]
    public async Task CheckSupport_OperationWithoutReleaseData_SupportedWithoutAnyRequest()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("v2.24.0"));
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.Contains("in every coderd release the SDK supports", support.Reason);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task CheckSupport_VersionUnknown_UnknownButCountsAsSupported()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("dev"));
        using var client = TestClients.For(server);
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        var support = await client.CheckSupportAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetTimingsAsync));

        Assert.Equal(CoderSupportStatus.Unknown, support.Status);
        Assert.True(support.IsSupported);
        Assert.True(await client.SupportsAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetTimingsAsync)));
        Assert.Contains("'dev'", support.Reason);
        Assert.Null(support.ServerVersion);
    }

    [Fact]
    public async Task CheckSupport_UnknownMethod_ArgumentExceptionNamingIt()
    {
        using var client = new CoderClient(new Uri("http://127.0.0.1:9"), "t0ken-not-used");

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.SupportsAsync<IWorkspacesApi>("NoSuchMethodAsync").AsTask());

        Assert.Contains("IWorkspacesApi.NoSuchMethodAsync is not a Coder API operation", error.Message);
        Assert.Equal("methodName", error.ParamName);
        Assert.Throws<ArgumentException>(() => CoderApiOperation.Get(typeof(string), "GetAsync"));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.CheckSupportAsync(null!).AsTask());
    }

    [Fact]
    public async Task DependencyInjection_Client_LearnsTheVersionAndLogsThroughTheHostsLogger()
    {
        await using var server = await FakeCoderServer.StartAsync(Claiming("dev"));
        var log = new TestLog();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory>(log);
        services.AddCoderClient(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
        });
        await using var provider = services.BuildServiceProvider();
        var client = (CoderClient)provider.GetRequiredService<ICoderClient>();
        Gate(client, CoderOperations.WorkspacesGetTimings, since: "v2.29.0");

        await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetTimingsAsync(server.State.Workspaces[0].Id));

        Assert.Null(await client.GetServerVersionAsync());
        Assert.Single(log.Named("VersionChecksOff"));
    }
}
