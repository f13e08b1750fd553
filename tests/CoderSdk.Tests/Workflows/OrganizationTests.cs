using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Tests.Streaming;
using CoderSdk.Workflows;
using NSubstitute;

namespace CoderSdk.Tests.Workflows;

/// <summary>
/// <see cref="CoderOrganization"/> on the wire and over the fake coderd: an <c>{organization}</c> segment by ID, by name
/// or as <c>default</c>, escaped as one segment; workspaces by <c>owner/name</c>.
/// </summary>
public sealed class OrganizationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void CoderOrganization_ToString_GivesTheWireSegment()
    {
        var id = Guid.Parse("6f1c2c9e-0c2a-4a55-9d3f-2b9b1c1e7a10");

        Assert.Equal("6f1c2c9e-0c2a-4a55-9d3f-2b9b1c1e7a10", ((CoderOrganization)id).ToString());
        Assert.Equal("platform", ((CoderOrganization)"platform").ToString());
        Assert.Equal("default", CoderOrganization.Default.ToString());
        Assert.Equal("default", default(CoderOrganization).ToString());
        Assert.Equal(CoderOrganization.Default, CoderOrganization.FromName("default"));
        Assert.Equal(id, ((CoderOrganization)id).Id);
        Assert.Equal("platform", CoderOrganization.FromName("platform").Name);
        Assert.NotEqual(CoderOrganization.FromName("a"), CoderOrganization.FromName("b"));
        Assert.Equal("platform", global::CoderSdk.Pipeline.CoderUrlParameterFormatter.FormatValue(CoderOrganization.FromName("platform")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void CoderOrganization_FromEmptyName_Throws(string? name)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => CoderOrganization.FromName(name!));
        Assert.Equal("name", ex.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("alice")]
    [InlineData("/dev")]
    [InlineData("alice/")]
    [InlineData("alice/dev/x")]
    [InlineData(" /dev")]
    public async Task GetByOwnerAndNameAsync_NotOwnerSlashName_ThrowsBeforeSending(string text)
    {
        var api = Substitute.For<IWorkspacesApi>();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => api.GetByOwnerAndNameAsync(text));

        Assert.Equal("ownerAndName", ex.ParamName);
        Assert.Empty(api.ReceivedCalls());
    }

    [Fact]
    public async Task GetByOwnerAndNameAsync_OwnerSlashName_CallsTheGeneratedLookup()
    {
        var api = Substitute.For<IWorkspacesApi>();
        var workspace = new Workspace { Name = "dev", OwnerName = "alice" };
        api.GetByOwnerAndNameAsync("alice", "dev", true, Arg.Any<CancellationToken>()).Returns(workspace);

        Assert.Same(workspace, await api.GetByOwnerAndNameAsync("alice/dev", includeDeleted: true));
    }

    [Fact]
    public async Task Organizations_ByIdNameAndDefault_ReadTheSameOrganization()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var seeded = env.State.DefaultOrganization;

        var byId = await env.Client.Organizations.GetAsync(seeded.Id);
        var byName = await env.Client.Organizations.GetAsync(seeded.Name);
        var byDefault = await env.Client.Organizations.GetAsync(CoderOrganization.Default);

        Assert.All(new[] { byId, byName, byDefault }, o => Assert.Equal(seeded.Id, o.Id));
        Assert.True(byDefault.IsDefault);
        var targets = env.Server.Requests.Select(r => r.RawTarget).ToList();
        Assert.Contains($"/api/v2/organizations/{seeded.Id:D}", targets);
        Assert.Contains($"/api/v2/organizations/{seeded.Name}", targets);
        Assert.Contains("/api/v2/organizations/default", targets);
    }

    [Fact]
    public async Task Organizations_List_IncludesAddedOrganizations()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var platform = env.State.AddOrganization("platform");

        var all = await env.Client.Organizations.ListAsync();

        Assert.Equal(new[] { env.State.DefaultOrganization.Id, platform.Id }.Order(), all.Select(o => o.Id).Order());
        Assert.False(Assert.Single(all, o => o.Name == "platform").IsDefault);
    }

    [Fact]
    public async Task Organizations_UnknownName_IsNotFound()
    {
        await using var env = await FakeEnvironment.StartAsync();

        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Organizations.GetAsync("no-such-org"));
        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Templates.GetByNameAsync("no-such-org", "docker"));
    }

    [Fact]
    public async Task Organizations_NameWithSlash_IsSentAsOneEscapedSegment()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var odd = env.State.AddOrganization("a/b");

        var found = await env.Client.Organizations.GetAsync("a/b");
        var templates = await env.Client.Templates.ListByOrganizationAsync("a/b");

        Assert.Equal(odd.Id, found.Id);
        Assert.Empty(templates);
        Assert.Contains(env.Server.Requests, r => r.RawTarget == "/api/v2/organizations/a%2Fb");
        Assert.Contains(env.Server.Requests, r => r.RawTarget == "/api/v2/organizations/a%2Fb/templates");
    }

    [Fact]
    public async Task Templates_GetByNameAsync_FindsTheTemplateByOrganizationNameIdOrDefault()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var seeded = env.State.AddTemplate("docker");
        var organization = env.State.DefaultOrganization;

        foreach (var key in new CoderOrganization[] { organization.Id, organization.Name, CoderOrganization.Default })
        {
            var template = await env.Client.Templates.GetByNameAsync(key, "docker");
            Assert.Equal(seeded.Id, template.Id);
        }

        // Another organization has no template of that name.
        env.State.AddOrganization("platform");
        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Templates.GetByNameAsync("platform", "docker"));
    }

    [Fact]
    public async Task UserOrganization_ByName_IsTheDefaultMembership()
    {
        await using var env = await FakeEnvironment.StartAsync();
        env.State.AddOrganization("platform");
        var organization = env.State.DefaultOrganization;

        var member = await env.Client.Users.GetOrganizationByNameAsync("me", organization.Name);

        Assert.Equal(organization.Id, member.Id);
        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Users.GetOrganizationByNameAsync("me", "platform"));
    }

#pragma warning disable CS0618 // coderd deprecates the organization-scoped create; the fake still serves it.
    [Fact]
    public async Task CreateInOrganizationAsync_TemplateFoundByName_CreatesTheWorkspace()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        env.State.AddTemplate("docker");
        using var cancel = new CancellationTokenSource(Patience);

        var template = await env.Client.Templates.GetByNameAsync("coder", "docker", cancel.Token);
        var workspace = await env.Client.Workspaces.CreateInOrganizationAsync("coder", "me", new CreateWorkspaceRequest { Name = "dev", TemplateId = template.Id }, cancel.Token);
        var again = await env.Client.Workspaces.GetByOwnerAndNameAsync("me/dev", cancellationToken: cancel.Token);

        Assert.Equal(template.Id, workspace.TemplateId);
        Assert.Equal(workspace.Id, again.Id);
        Assert.Contains(env.Server.Requests, r => r.Method == "POST" && r.RawTarget == "/api/v2/organizations/coder/members/me/workspaces");
        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Workspaces.CreateInOrganizationAsync(
            "no-such-org", "me", new CreateWorkspaceRequest { Name = "other", TemplateId = template.Id }, cancel.Token));
    }
#pragma warning restore CS0618

    [Fact]
    public async Task ReadmeSnippet_CreateFromTemplateInDefaultOrganization_Works()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        env.State.AddTemplate("docker");
        var coder = env.Client;

        // README.md, "Organizations by ID, name or default" (keep the two in step).
        var template = await coder.Templates.GetByNameAsync(CoderOrganization.Default, "docker");
        var workspace = await coder.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "dev", TemplateId = template.Id });
        var build = await coder.WaitForBuildAsync(workspace.LatestBuild.Id);
        var dev = await coder.Workspaces.GetByOwnerAndNameAsync("me/dev");
        Console.WriteLine($"{dev.OwnerName}/{dev.Name}: {build.Job.Status}");

        Assert.Equal(ProvisionerJobStatus.Succeeded, build.Job.Status);
        Assert.Equal(template.Id, dev.TemplateId);
        Assert.Equal(workspace.Id, dev.Id);
        Assert.Equal("admin", dev.OwnerName);
    }
}
