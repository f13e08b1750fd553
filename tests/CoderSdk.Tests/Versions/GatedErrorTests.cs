using System.Net;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;
using CoderSdk.Versions;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Tests.Versions;

/// <summary>
/// Gated refusals (license feature, experiment, deployment setting) become <see cref="ICoderGatedException"/>s with
/// coderd's message, over real HTTP; ordinary 403 and 404 answers stay the plain exceptions.
/// </summary>
public sealed class GatedErrorTests
{
    [Fact]
    public async Task License_FeatureNotEntitled_FeatureForbiddenWithCoderdsMessage()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetEntitlement("template_rbac", "not_entitled", enabled: false);
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(() => client.Groups.ListAsync());

        Assert.IsAssignableFrom<CoderForbiddenException>(error);
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(new CoderFeatureGate(CoderGateKind.License, "template_rbac"), error.Gate);
        Assert.Equal("Template RBAC is a Premium feature. Contact sales!", error.CoderMessage);
        Assert.Equal(
            "GET /api/v2/groups: 403 Forbidden: Template RBAC is a Premium feature. Contact sales! (the deployment's license feature 'template_rbac' is not enabled)",
            error.Message);
    }

    [Fact]
    public async Task License_QuietHours_EnterpriseWordingAndEntitledButOff_BothNameTheFeature()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        server.State.SetEntitlement("advanced_template_scheduling", "not_entitled", enabled: false);
        var notEntitled = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(() => client.Users.GetQuietHoursScheduleAsync("me"));
        server.State.SetEntitlement("advanced_template_scheduling", "entitled", enabled: false);
        var notEnabled = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(() => client.Users.GetQuietHoursScheduleAsync("me"));

        Assert.Equal("Advanced template scheduling (and user quiet hours schedule) is an Enterprise feature. Contact sales!", notEntitled.CoderMessage);
        Assert.Equal("Advanced template scheduling (and user quiet hours schedule) is not enabled.", notEnabled.CoderMessage);
        Assert.All(new[] { notEntitled, notEnabled }, e => Assert.Equal(new CoderFeatureGate(CoderGateKind.License, "advanced_template_scheduling"), e.Gate));
    }

    [Fact]
    public async Task Experiment_SeveralNamed_GateListsThemAsCoderdWroteThem()
    {
        await using var server = await LoopbackServer.RespondingAsync(403, "application/json",
            """{"message":"This functionality requires enabling the following experiments: oauth2, mcp-server-http"}""");
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/experimental/mcp/http")));

        Assert.Equal(new CoderFeatureGate(CoderGateKind.Experiment, "oauth2, mcp-server-http"), error.Gate);
        Assert.Contains("experiments 'oauth2, mcp-server-http'", error.Message);
    }

    [Fact]
    public async Task Experiment_OffForAStream_HandshakeRefusalIsTyped()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetExperiment("workspace-build-updates", enabled: false);
        using var client = TestClients.For(server);
        using var cancel = new CancellationTokenSource();

        var error = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(async () =>
        {
            await foreach (var _ in client.Streams.WatchAllBuildsAsync(cancel.Token))
            {
            }
        });

        Assert.Equal(new CoderFeatureGate(CoderGateKind.Experiment, "workspace-build-updates"), error.Gate);
        Assert.Equal("Workspace Build Updates Channel functionality requires enabling the 'workspace-build-updates' experiment.", error.CoderMessage);
    }

    [Fact]
    public async Task DeploymentFlag_TemplateBuilderDisabled_RouteNotFoundBecomesFeatureNotFound()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetDeploymentFlag("disable-template-builder", open: false);
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderFeatureNotFoundException>(() => client.TemplateBuilder.ListBaseTemplatesAsync());

        Assert.IsAssignableFrom<CoderNotFoundException>(error);
        Assert.Equal(new CoderFeatureGate(CoderGateKind.DeploymentFlag, "disable-template-builder"), error.Gate);
        Assert.Equal("Route not found.", error.CoderMessage);
        Assert.Contains("the deployment setting 'disable-template-builder' keeps the route closed", error.Message);
    }

    [Fact]
    public async Task DeploymentFlag_UsageStatsOff_InsightsRefusalNamesTheSetting()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetDeploymentFlag("stats-collection-usage-stats-enable", open: false);
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderFeatureNotFoundException>(() => client.Insights.GetDeploymentDausAsync(0));

        Assert.Equal(new CoderFeatureGate(CoderGateKind.DeploymentFlag, "stats-collection-usage-stats-enable"), error.Gate);
        Assert.Equal("Not Found.", error.CoderMessage);
        Assert.Equal("Template insights are disabled.", error.Detail);
    }

    [Fact]
    public async Task DeploymentFlag_ScimNotConfigured_FeatureNotFound()
    {
        await using var server = await FakeCoderServer.StartAsync();
        server.State.SetDeploymentFlag("scim-auth-header", open: false);
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<CoderFeatureNotFoundException>(() => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/scim/v2/Users")));

        Assert.Equal(new CoderFeatureGate(CoderGateKind.DeploymentFlag, "scim-auth-header"), error.Gate);
        Assert.StartsWith("SCIM is disabled", error.CoderMessage);
    }

    [Theory]
    [InlineData("v2.36.0", typeof(CoderFeatureNotFoundException))]
    [InlineData("v2.34.3", typeof(CoderNotSupportedException))]
    [InlineData("", typeof(CoderNotFoundException))]
    public async Task RouteNotFound_OnASettingGatedRoute_JudgedByTheServersRelease(string version, Type expected)
    {
        // Route not found. from a release that has the template builder means the setting removed it; from an older
        // release it means the release lacks it; with no version the SDK cannot tell and keeps the plain 404.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (version.Length > 0)
            {
                context.Response.Headers[CoderVersionGate.HeaderName] = version;
            }

            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"message":"Route not found."}""");
        });
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAnyAsync<CoderNotFoundException>(() => client.TemplateBuilder.ListBaseTemplatesAsync());

        Assert.Equal(expected, error.GetType());
        Assert.Equal("Route not found.", error.CoderMessage);
    }

    [Theory]
    [InlineData(403, """{"message":"Forbidden.","detail":"You don't have permission to view this content. If you believe this is a mistake, please contact your administrator or try signing in with different credentials."}""", typeof(CoderForbiddenException))]
    [InlineData(403, """{"message":"Auditing is a Premium feature, ask sales."}""", typeof(CoderForbiddenException))]
    [InlineData(403, """{"message":"Template RBAC is a Premium feature. Contact sales! Really."}""", typeof(CoderForbiddenException))]
    [InlineData(403, """{"message":"X functionality requires enabling the 'a'b' experiment."}""", typeof(CoderForbiddenException))]
    [InlineData(404, """{"message":"Resource not found or you do not have access to this resource"}""", typeof(CoderNotFoundException))]
    [InlineData(404, """{"message":"Not Found.","detail":"Something else."}""", typeof(CoderNotFoundException))]
    [InlineData(404, """{"message":"Route not found."}""", typeof(CoderNotFoundException))]
    [InlineData(401, """{"message":"Template RBAC is a Premium feature. Contact sales!"}""", typeof(CoderUnauthorizedException))]
    public async Task OrdinaryRefusals_OnAGatedRoute_StayThePlainException(int status, string body, Type expected)
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.Headers[CoderVersionGate.HeaderName] = "v2.36.0";
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        using var client = TestClients.For(server);

        // GET /api/v2/groups is behind template_rbac, yet none of these answers is that gate's refusal.
        var error = await Assert.ThrowsAnyAsync<CoderApiException>(() => client.Groups.ListAsync());

        Assert.Equal(expected, error.GetType());
        Assert.False(error is ICoderGatedException);
    }

    [Fact]
    public async Task EveryLicenseGate_FakeRefusal_ReadBackAsItsFeature()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var gated = CoderApiOperation.All
            .Where(o => !o.IsStream && o.Gates.Count == 1 && o.Gates[0].Kind == CoderGateKind.License)
            .GroupBy(o => o.Gates[0].Feature)
            .Select(g => g.First())
            .ToArray();
        Assert.True(gated.Length >= 10, $"only {gated.Length} license-gated operations");

        foreach (var operation in gated)
        {
            server.State.SetEntitlement(operation.Gates[0].Feature, "not_entitled", enabled: false);
            var path = string.Join('/', operation.Route.Split('/').Select(s => s.StartsWith('{') ? "x" : s));
            var error = await Assert.ThrowsAsync<CoderFeatureForbiddenException>(() => client.SendAsync(new HttpRequestMessage(new HttpMethod(operation.HttpMethod), path)));
            Assert.Equal(operation.Gates[0], error.Gate);
        }
    }

    [Theory]
    [InlineData("Connection Log", "connection_log")]
    [InlineData("Template RBAC", "template_rbac")]
    [InlineData("AI Gateway", "aibridge")]
    [InlineData("AI Bridge", "aibridge")]
    [InlineData("External provisioner daemons", "external_provisioner_daemons")]
    [InlineData("Workspace External Agent", "workspace_external_agent")]
    public void LicenseKey_FromCoderdsPrintedName(string printed, string key) =>
        Assert.Equal(key, CoderFeatureGates.LicenseKey(printed));
}
