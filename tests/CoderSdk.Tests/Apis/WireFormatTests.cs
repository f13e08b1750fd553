using System.Globalization;
using System.Net;
using CoderSdk.Models;

namespace CoderSdk.Tests.Apis;

/// <summary>
/// Query and path values go out in coderd's wire formats through Refit's generated request building (the SDK's URL
/// formatter and query converters), whatever the current culture: checked on the raw request a WireMock.Net stub
/// received over loopback HTTP.
/// </summary>
public sealed class WireFormatTests
{
    private static readonly Guid Id = Guid.Parse("0E3A4F52-7C61-4E0B-8A7F-5D6C2B1A9E80");

    [Fact]
    public async Task DateTimeOffsetQuery_UnderAGermanCulture_IsRfc3339()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "[]");
        using var client = stub.Client();
        var since = new DateTimeOffset(2026, 11, 24, 16, 2, 11, 500, TimeSpan.FromHours(1));

        await InCulture("de-DE", () => client.Builds.ListAsync(Id, since: since));

        Assert.Equal("since=2026-11-24T16%3A02%3A11.5%2B01%3A00", stub.Single.Uri.Query.TrimStart('?'));
    }

    [Fact]
    public async Task BooleanQuery_IsLowerCaseTrueOrFalse()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, $$"""{"id":"{{Id}}","name":"dev"}""");
        using var client = stub.Client();

        await InCulture("tr-TR", () => client.Workspaces.GetAsync(Id, includeDeleted: false));

        Assert.Equal("?include_deleted=false", stub.Single.Uri.Query);
    }

    [Fact]
    public async Task GuidPathAndQuery_AreLowerCase()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"notifications":null,"unread_count":0}""");
        using var client = stub.Client();

        await client.Notifications.ListInboxAsync(startingBefore: Id);

        Assert.Equal("?starting_before=0e3a4f52-7c61-4e0b-8a7f-5d6c2b1a9e80", stub.Single.Uri.Query);
        Assert.Equal($"/api/v2/workspaces/{Id.ToString().ToLowerInvariant()}", await PathOf(s => s.Workspaces.GetAsync(Id)));
    }

    [Fact]
    public async Task ExtensibleEnumQuery_IsItsWireString_EvenWhenUnknown()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "[]");
        using var client = stub.Client();

        await client.Provisioning.ListJobsAsync(Id, status: ProvisionerJobStatus.Running);
        await client.Provisioning.ListJobsAsync(Id, status: ProvisionerJobStatus.FromValue("paused-by-admin"));

        Assert.Equal(["?status=running", "?status=paused-by-admin"], stub.Requests.Select(r => r.Uri.Query));
    }

    [Fact]
    public async Task ListQuery_IsOneCommaSeparatedValue()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "[]");
        using var client = stub.Client();
        var other = Guid.Parse("11111111-2222-4333-8444-555555555555");

        await client.Provisioning.ListJobsAsync(Id, ids: [Id, other]);

        Assert.Equal($"?ids={Id.ToString().ToLowerInvariant()}%2C{other}", stub.Single.Uri.Query);
    }

    [Fact]
    public async Task MapQuery_IsOneJsonValue()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "[]");
        using var client = stub.Client();

        await client.Provisioning.ListDaemonsAsync(Id, tags: new Dictionary<string, string> { ["scope"] = "organization" });

        Assert.Equal("{\"scope\":\"organization\"}", Uri.UnescapeDataString(stub.Single.Uri.Query["?tags=".Length..]));
    }

    [Fact]
    public async Task FlagQuery_IsABareKeyWhenTrue_AndAbsentOtherwise()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, """{"authenticated":true}""");
        using var client = stub.Client();

        await client.Agents.GetExternalAuthAsync("github.com", "gh", listen: true);
        await client.Agents.GetExternalAuthAsync("github.com", "gh", listen: false);

        Assert.Equal(["?match=github.com&id=gh&listen", "?match=github.com&id=gh"], stub.Requests.Select(r => r.Uri.Query));
    }

    [Fact]
    public async Task NullOptionalQuery_IsLeftOut_AndPathWithSlashOrSpaceIsOneSegment()
    {
        Assert.Equal("/api/v2/users/me/workspace/my%20box%2Fone", await PathOf(c => c.Workspaces.GetByOwnerAndNameAsync("me", "my box/one", includeDeleted: null)));
    }

    [Fact]
    public async Task EmptyPathValue_IsRefusedBeforeAnythingIsSent()
    {
        using var stub = new CoderStub(HttpStatusCode.OK, "{}");
        using var client = stub.Client();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Workspaces.GetByOwnerAndNameAsync("me", string.Empty));

        Assert.Contains("GET /api/v2/users/{user}/workspace/{workspacename}", error.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    private static async Task<string> PathOf(Func<CoderClient, Task> call)
    {
        using var stub = new CoderStub(HttpStatusCode.OK, $$"""{"id":"{{Id}}","name":"dev"}""");
        using var client = stub.Client();
        await call(client);
        return stub.Single.Uri.PathAndQuery;
    }

    private static async Task InCulture(string name, Func<Task> call)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try
        {
            await call();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }
}
