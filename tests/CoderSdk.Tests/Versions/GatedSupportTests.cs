using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;
using CoderSdk.Versions;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Tests.Versions;

/// <summary>
/// <see cref="ICoderClient.CheckSupportAsync"/> answers from the deployment's entitlements and experiments for gated
/// operations, caches them per client, and falls back to the version-only verdict when they cannot be read.
/// </summary>
public sealed class GatedSupportTests
{
    private static bool IsEntitlements(FakeRecordedRequest r) => r.RawTarget == "/api/v2/entitlements";

    [Fact]
    public async Task License_Open_SupportedAndTheReasonSaysSo()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.Null(support.Gate);
        Assert.Contains("license feature 'template_rbac' enabled ('entitled')", support.Reason);
    }

    [Fact]
    public async Task License_NotEntitled_NotSupportedNamingTheFeature()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetEntitlement("template_rbac", "not_entitled", enabled: false);
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));

        Assert.Equal(CoderSupportStatus.NotSupported, support.Status);
        Assert.False(support.IsSupported);
        Assert.False(await client.SupportsAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync)));
        Assert.Equal(new CoderFeatureGate(CoderGateKind.License, "template_rbac"), support.Gate);
        Assert.Equal("Groups.ListAsync needs the license feature 'template_rbac', and the deployment's entitlements have it off (entitlement 'not_entitled', not enabled)", support.Reason);
    }

    [Fact]
    public async Task License_FeatureMissingFromEntitlements_NotSupported()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.RemoveEntitlement("template_rbac");
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<ITemplatesApi>(nameof(ITemplatesApi.GetAclAsync));

        Assert.Equal(CoderSupportStatus.NotSupported, support.Status);
        Assert.EndsWith("the deployment's entitlements do not list it", support.Reason);
    }

    [Fact]
    public async Task Experiment_Off_NotSupportedNamingTheExperiment_AndTheCallFailsTheSameWay()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetExperiment("oauth2", enabled: false);
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IOAuth2Api>(nameof(IOAuth2Api.ListApplicationsAsync));
        var error = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(() => client.OAuth2.ListApplicationsAsync());

        Assert.Equal(CoderSupportStatus.NotSupported, support.Status);
        Assert.Equal(new CoderFeatureGate(CoderGateKind.Experiment, "oauth2"), support.Gate);
        Assert.Equal(support.Gate, error.Gate);
        Assert.Equal("OAuth2 Provider Functionality functionality requires enabling the 'oauth2' experiment.", error.CoderMessage);
        Assert.EndsWith("(the deployment has not enabled the experiment 'oauth2')", error.Message);
        Assert.Contains("the deployment's enabled experiments do not include it", support.Reason);
    }

    [Fact]
    public async Task Experiment_DevelopmentBuild_SkipsTheCheckAsCoderdDoes()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = "v0.0.0-devel" });
        server.State.SetExperiment("oauth2", enabled: false);
        using var client = TestClients.For(server);
        await client.GetServerVersionAsync();

        var support = await client.CheckSupportAsync<IOAuth2Api>(nameof(IOAuth2Api.ListApplicationsAsync));

        Assert.True(support.IsSupported);
        Assert.Contains("a development build of coderd skips the check of the experiment 'oauth2'", support.Reason);
        Assert.DoesNotContain(server.Requests, r => r.RawTarget == "/api/v2/experiments");
    }

    [Fact]
    public async Task DeploymentFlag_NotCheckable_VersionVerdictWithANote()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<ITemplateBuilderApi>(nameof(ITemplateBuilderApi.ListBaseTemplatesAsync));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.Contains("the deployment setting 'disable-template-builder' is not checked", support.Reason);
        Assert.DoesNotContain(server.Requests, IsEntitlements);
    }

    [Fact]
    public async Task UngatedOperation_ReadsNeitherEntitlementsNorExperiments()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.Empty(CoderApiOperation.Get<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync)).Gates);
        Assert.DoesNotContain(server.Requests, r => r.RawTarget is "/api/v2/entitlements" or "/api/v2/experiments");
    }

    [Fact]
    public async Task Entitlements_CachedPerClientAndItsViews_ReadAgainAfterTheLifetime()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var clock = new ManualTimeProvider();
        using var client = TestClients.Create(server, configure: o => o.TimeProvider = clock);
        var view = client.WithCallOptions(new CoderCallOptions());

        var first = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));
        server.State.SetEntitlement("template_rbac", "not_entitled", enabled: false);
        var cached = await view.CheckSupportAsync<ITemplatesApi>(nameof(ITemplatesApi.GetAclAsync));
        clock.Advance(CoderDeploymentFeatures.Lifetime);
        var fresh = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));

        Assert.Equal(CoderSupportStatus.Supported, first.Status);
        Assert.Equal(CoderSupportStatus.Supported, cached.Status);
        Assert.Equal(CoderSupportStatus.NotSupported, fresh.Status);
        Assert.Equal(2, server.Requests.Count(IsEntitlements));
    }

    [Theory]
    [InlineData(404, """{"message":"Route not found."}""", "answered 404 (Route not found.)")]
    [InlineData(401, """{"message":"You are signed out or your session has expired."}""", "answered 401")]
    [InlineData(200, """{"features":[1,2]}""", "could not be read")]
    [InlineData(200, """{"features":{"template_rbac":{"entitlement":"entitled","enabled":"yes"}}}""", "could not be read")]
    public async Task Entitlements_Unreadable_VersionOnlyVerdictNamingTheFailure(int status, string body, string failure)
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.Headers[CoderVersionGate.HeaderName] = "v2.36.0";
            var entitlements = context.Request.Path == "/api/v2/entitlements";
            context.Response.StatusCode = entitlements ? status : 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(entitlements ? body : """{"version":"v2.36.0"}""");
        });
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));
        var again = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.True(support.IsSupported);
        Assert.Null(support.Gate);
        Assert.Contains("the license feature 'template_rbac' could not be checked: ", support.Reason);
        Assert.Contains(failure, support.Reason);
        Assert.Equal(support.Reason, again.Reason);
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/entitlements");
    }

    [Theory]
    [InlineData(true, CoderSupportStatus.Supported)]
    [InlineData(false, CoderSupportStatus.NotSupported)]
    public async Task Entitlements_UnknownEntitlementValue_EnabledDecidesAndTheReasonQuotesIt(bool enabled, CoderSupportStatus expected)
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetEntitlement("template_rbac", "platinum", enabled);
        using var client = TestClients.For(server);

        var support = await client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync));

        Assert.Equal(expected, support.Status);
        Assert.Contains("'platinum'", support.Reason);
    }

    [Fact]
    public async Task Entitlements_Canceled_Throws()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.CheckSupportAsync<IGroupsApi>(nameof(IGroupsApi.ListAsync), canceled.Token).AsTask());
    }

    [Fact]
    public async Task FakeServer_ServesEntitlementsAndExperimentsAsSet()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetEntitlement("audit_log", "grace_period", enabled: true);
        server.State.SetExperiment("example", enabled: true);
        server.State.SetExperiment("oauth2", enabled: false);
        using var client = TestClients.For(server);

        var entitlements = await client.Licenses.GetEntitlementsAsync();
        var experiments = await client.General.GetEnabledExperimentsAsync();

        Assert.True(entitlements.HasLicense);
        Assert.Equal("grace_period", entitlements.Features["audit_log"].Entitlement.Value);
        Assert.True(entitlements.Features["template_rbac"].Enabled);
        Assert.Contains(experiments, e => e.Value == "example");
        Assert.DoesNotContain(experiments, e => e.Value == "oauth2");
    }
}
