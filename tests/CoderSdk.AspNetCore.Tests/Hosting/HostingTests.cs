using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Versions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CoderSdk.AspNetCore.Tests.Hosting;

/// <summary>builder.AddCoderClient() and the health check, against FakeCoderServer on 127.0.0.1.</summary>
public sealed class HostingTests
{
    private const string WrongToken = "Wr0ngT0ken-abcdef-0123456789";

    [Fact]
    public async Task AddCoderClient_OnAHostBuilder_ReadsTheCoderSection_AndNamedSections()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coder:Url"] = server.BaseUrl.ToString(),
            ["Coder:SessionToken"] = server.AdminSessionToken,
            ["Coder:Staging:Url"] = server.BaseUrl.ToString(),
            ["Coder:Staging:SessionToken"] = WrongToken,
        });
        builder.AddCoderClient();
        builder.AddCoderClient("staging");
        Assert.Throws<InvalidOperationException>(() => builder.AddCoderClient()); // the default client is registered once
        using var host = builder.Build();

        var me = await host.Services.GetRequiredService<ICoderClient>().Users.GetAsync("me");
        var staging = host.Services.GetRequiredKeyedService<ICoderClient>("staging");

        Assert.Equal("admin", me.Username);
        await Assert.ThrowsAsync<CoderUnauthorizedException>(() => staging.Users.GetAsync("me"));
    }

    private static async Task<HealthReport> CheckAsync(Uri url, string token, Action<CoderClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = url;
            o.SessionToken = token;
            configure?.Invoke(o);
        });
        services.AddHealthChecks().AddCoder();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    [Fact]
    public async Task HealthCheck_IsHealthy_WithTheVersionAndUser()
    {
        await using var server = await FakeCoderServer.StartAsync();

        var report = await CheckAsync(server.BaseUrl, server.AdminSessionToken);

        var entry = report.Entries["coder"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(server.Options.Version, entry.Data["version"]);
        Assert.Equal("admin", entry.Data["user"]);
    }

    [Fact]
    public async Task HealthCheck_WithABadToken_IsUnhealthy_AndNeverShowsTheToken()
    {
        await using var server = await FakeCoderServer.StartAsync();

        var report = await CheckAsync(server.BaseUrl, WrongToken);

        var entry = report.Entries["coder"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("401", entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongToken, entry.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(WrongToken, entry.Exception?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(401, entry.Data["status"]);
    }

    [Fact]
    public async Task HealthCheck_OfAnUnreachableDeployment_IsUnhealthy()
    {
        Uri gone;
        await using (var server = await FakeCoderServer.StartAsync())
        {
            gone = server.BaseUrl;
        }

        // No retries: the refused connection is reported at once.
        var report = await CheckAsync(gone, "token", o => o.Resilience.Enabled = false);

        var entry = report.Entries["coder"];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("could not be reached", entry.Description, StringComparison.Ordinal);
        Assert.IsAssignableFrom<HttpRequestException>(entry.Exception);
    }

    [Fact]
    public async Task HealthCheck_OfAReleaseOlderThanTheOldestSupported_IsDegraded()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = "v2.10.0" });

        var report = await CheckAsync(server.BaseUrl, server.AdminSessionToken);

        var entry = report.Entries["coder"];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains(CoderServerVersion.OldestSupported.Text, entry.Description, StringComparison.Ordinal);
    }
}
