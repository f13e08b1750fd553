using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Models;

namespace CoderSdk.Tests.Apis;

/// <summary>Generated methods build the right request and read the answer the way their operation documents.</summary>
public sealed class GeneratedApiTests
{
    private static readonly Guid Id = Guid.Parse("0e3a4f52-7c61-4e0b-8a7f-5d6c2b1a9e80");

    [Fact]
    public async Task WorkspacesGetAsync_WithIncludeDeleted_SendsPathAndQueryAndReadsWorkspace()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, $$"""{"id":"{{Id}}","name":"dev"}""");
        using var client = stub.Client();

        var workspace = await client.Workspaces.GetAsync(Id, includeDeleted: true);

        Assert.Equal("dev", workspace.Name);
        Assert.Equal(HttpMethod.Get, stub.Single.Method);
        Assert.Equal($"/api/v2/workspaces/{Id}?include_deleted=true", stub.Single.Uri.PathAndQuery);
    }

    [Fact]
    public async Task WorkspacesListAsync_WithFilter_EncodesTheQuery()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"workspaces":null,"count":0}""");
        using var client = stub.Client();

        var page = await client.Workspaces.ListAsync("owner:me status:running", limit: 25);

        Assert.Empty(page.Workspaces);
        Assert.Equal("?q=owner%3Ame%20status%3Arunning&limit=25", stub.Single.Uri.Query);
    }

    [Fact]
    public async Task WorkspacesGetByOwnerAndNameAsync_NameWithSlash_StaysOneSegment()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "{}");
        using var client = stub.Client();

        await client.Workspaces.GetByOwnerAndNameAsync("me", "a/b");

        Assert.Equal("/api/v2/users/me/workspace/a%2Fb", stub.Single.Uri.AbsolutePath);
    }

    [Fact]
    public async Task BuildsCreateAsync_ServerAnswers201_IsAccepted()
    {
        using var stub = new CoderStub(HttpStatusCode.Created, """{"build_number":3,"transition":"stop"}""");
        using var client = stub.Client();

        var build = await client.Builds.CreateAsync(Id, new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Stop });

        Assert.Equal(3, build.BuildNumber);
        Assert.Equal(HttpMethod.Post, stub.Single.Method);
        Assert.Equal("stop", JsonNode.Parse(stub.Single.Body!)!["transition"]!.GetValue<string>());
        Assert.StartsWith("application/json", stub.Single.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildsGetAsync_UndocumentedSuccessStatus_Throws()
    {
        using var stub = new CoderStub(HttpStatusCode.Accepted, "{}");
        using var client = stub.Client();

        await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.Builds.GetAsync(Id));
    }

    [Fact]
    public async Task BuildsGetLogsAsync_WithAfter_SendsNoFollowFlag()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """[{"id":5,"output":"done","created_at":"2025-03-14T09:26:53.589793238Z"}]""");
        using var client = stub.Client();

        var logs = await client.Builds.GetLogsAsync(Id, after: 4);

        Assert.Equal("done", Assert.Single(logs).Output);
        Assert.Equal("?after=4", stub.Single.Uri.Query);
    }

    [Fact]
    public async Task ProvisioningListDaemonsAsync_WithTagsIdsAndStatus_EncodesEachStyle()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "[]");
        using var client = stub.Client();
        var other = Guid.Parse("8c1b7e2a-4d0f-4b6c-9c7e-2f3a1d5e6b70");

        await client.Provisioning.ListDaemonsAsync(Id, new Dictionary<string, string> { ["owner"] = "" }, ids: [Id, other], status: ProvisionerJobStatus.Pending);

        var query = Uri.UnescapeDataString(stub.Single.Uri.Query);
        Assert.Equal($"?tags={{\"owner\":\"\"}}&ids={Id},{other}&status=pending", query);
        Assert.Equal($"/api/v2/organizations/{Id}/provisionerdaemons", stub.Single.Uri.AbsolutePath);
    }

    [Fact]
    public async Task NotificationsUpdateSettingsAsync_NotModified_ReturnsNull()
    {
        using var stub = new CoderStub(HttpStatusCode.NotModified);
        using var client = stub.Client();

        var settings = await client.Notifications.UpdateSettingsAsync(new NotificationsSettings { NotifierPaused = true });

        Assert.Null(settings);
        Assert.Equal(HttpMethod.Put, stub.Single.Method);
    }

    [Fact]
    public async Task FilesGetAsync_BinaryBody_ReturnsBytes()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "tar-bytes", "application/x-tar");
        using var client = stub.Client();

        var bytes = await client.Files.GetAsync(Id);

        Assert.Equal("tar-bytes", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public async Task FilesUploadAsync_Stream_SendsRawBodyWithItsMediaType()
    {
        using var stub = new CoderStub(HttpStatusCode.Created, $$"""{"hash":"{{Id}}"}""");
        using var client = stub.Client();
        using var content = new MemoryStream(Encoding.UTF8.GetBytes("archive"));

        var uploaded = await client.Files.UploadAsync("application/x-tar", content);

        Assert.Equal(Id, uploaded.Hash);
        Assert.Equal("application/x-tar", stub.Single.ContentType);
        Assert.Equal("archive", stub.Single.Body);
    }

    [Fact]
    public async Task InitScriptGetAsync_TextBody_ReturnsText()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "#!/bin/sh\necho hi\n", "text/plain");
        using var client = stub.Client();

        var script = await client.InitScript.GetAsync("linux", "amd64");

        Assert.StartsWith("#!/bin/sh", script, StringComparison.Ordinal);
        Assert.Equal("/api/v2/init-script/linux/amd64", stub.Single.Uri.AbsolutePath);
    }

    [Fact]
    public async Task ApplicationsGetAuthRedirectAsync_Redirect_ReturnsLocation()
    {
        using var stub = new CoderStub(HttpStatusCode.TemporaryRedirect, headers: new Dictionary<string, string> { ["Location"] = "https://app.example.com/?coder_application_connect_api_key=x" });
        using var client = stub.Client();

        var location = await client.Applications.GetAuthRedirectAsync("https://app.example.com/");

        Assert.Equal("app.example.com", location!.Host);
    }

    [Fact]
    public async Task OAuth2ExchangeTokenAsync_FormFields_SendsUrlEncodedBody()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"access_token":"a","token_type":"bearer"}""");
        using var client = stub.Client();

        var token = await client.OAuth2.ExchangeTokenAsync("authorization_code", clientId: "app", code: "c 1");

        Assert.Equal("bearer", token.TokenType);
        Assert.Equal("application/x-www-form-urlencoded", stub.Single.ContentType);
        Assert.Equal("grant_type=authorization_code&client_id=app&code=c+1", stub.Single.Body);
    }

    [Fact]
    public async Task AgentsGetExternalAuthAsync_ListenTrue_SendsBareFlag()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"url":"https://example.com"}""");
        using var client = stub.Client();

        await client.Agents.GetExternalAuthAsync("https://github.com/x", "github", listen: true);

        Assert.Equal("?match=https%3A%2F%2Fgithub.com%2Fx&id=github&listen", stub.Single.Uri.Query);
    }

    [Fact]
    public async Task UsersGetAsync_Me_UsesTheLiteralSegment()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"username":"alice"}""");
        using var client = stub.Client();

        var me = await client.Users.GetAsync("me");

        Assert.Equal("alice", me.Username);
        Assert.Equal("/api/v2/users/me", stub.Single.Uri.AbsolutePath);
    }

    [Fact]
    public async Task GeneralGetBuildInfoAsync_Ok_ReadsBuildInfo()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"version":"v2.24.1","external_url":"https://coder.example.com"}""");
        using var client = stub.Client();

        var info = await client.General.GetBuildInfoAsync();

        Assert.Equal("v2.24.1", info.Version);
    }

    [Fact]
    public async Task WorkspacesReportUsageAsync_NoBody_SendsEmptyBody()
    {
        using var stub = new CoderStub(HttpStatusCode.NoContent);
        using var client = stub.Client();

        await client.Workspaces.ReportUsageAsync(Id);

        // A POST always carries a (here empty) body: .NET silently re-sends bodiless requests on a dropped connection.
        Assert.Equal(string.Empty, stub.Single.Body);
    }

    [Fact]
    public async Task NotificationsUpdateReadStatusAsync_BodyTheSpecLacks_IsSent()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"notification":{"title":"t"},"unread_count":2}""");
        using var client = stub.Client();

        var result = await client.Notifications.UpdateReadStatusAsync(Id, new UpdateInboxNotificationReadStatusRequest { IsRead = true });

        Assert.Equal(2, result.UnreadCount);
        Assert.Equal("""{"is_read":true}""", stub.Single.Body);
        Assert.Equal($"/api/v2/notifications/inbox/{Id}/read-status", stub.Single.Uri.AbsolutePath);
    }
}
