using CoderSdk.DependencyInjection;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CoderSdk.Tests.DependencyInjection;

public sealed class AddCoderClientTests
{
    [Fact]
    public async Task AddCoderClient_FromDelegate_ResolvesWorkingClient()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var services = new ServiceCollection();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ICoderClient>();
        var me = await client.Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        Assert.Same(client, provider.GetRequiredService<ICoderClient>());
        Assert.Equal(server.BaseUrl, client.BaseUrl);
    }

    [Fact]
    public async Task AddCoderClient_FromConfiguration_BindsUrlTokenAgentAndHeaders()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coder:Url"] = server.BaseUrl.ToString(),
            ["Coder:SessionToken"] = server.AdminSessionToken,
            ["Coder:UserAgent"] = "ops-bot/3",
            ["Coder:Headers:X-Team"] = "platform",
        }).Build();
        var services = new ServiceCollection();
        services.AddCoderClient(configuration.GetSection("Coder"));
        await using var provider = services.BuildServiceProvider();

        var me = await provider.GetRequiredService<ICoderClient>().Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        var request = server.Requests.Single();
        Assert.Equal("ops-bot/3", request.Headers["User-Agent"]);
        Assert.Equal("platform", request.Headers["X-Team"]);
    }

    [Fact]
    public async Task AddCoderClient_TwoNamedDeployments_EachTalksToItsOwnServer()
    {
        await using var prod = await FakeCoderServer.StartAsync();
        await using var staging = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { SeedDemoData = false });
        var services = new ServiceCollection();
        services.AddCoderClient("prod", o =>
        {
            o.BaseUrl = prod.BaseUrl;
            o.SessionToken = prod.AdminSessionToken;
        });
        services.AddCoderClient("staging", o =>
        {
            o.BaseUrl = staging.BaseUrl;
            o.SessionToken = staging.AdminSessionToken;
        });
        await using var provider = services.BuildServiceProvider();

        var prodClient = provider.GetRequiredKeyedService<ICoderClient>("prod");
        var stagingClient = provider.GetRequiredService<ICoderClientFactory>().CreateClient("staging");
        var prodWorkspaces = await prodClient.Workspaces.ListAsync();
        var stagingWorkspaces = await stagingClient.Workspaces.ListAsync();

        Assert.Equal(3, prodWorkspaces.Count);
        Assert.Equal(0, stagingWorkspaces.Count);
        Assert.Single(prod.Requests);
        Assert.Single(staging.Requests);
        Assert.Same(prodClient, provider.GetRequiredService<ICoderClientFactory>().CreateClient("prod"));
    }

    [Fact]
    public void CreateClient_UnregisteredName_ClearError()
    {
        var services = new ServiceCollection();
        services.AddCoderClient("prod", o =>
        {
            o.BaseUrl = new Uri("https://coder.example.com");
            o.SessionToken = "t";
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICoderClientFactory>().CreateClient("typo"));

        Assert.Contains("'typo'", ex.Message);
    }

    [Fact]
    public async Task HostStart_InvalidOptions_FailsWithEveryProblemListed()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCoderClient("broken", o =>
        {
            o.BaseUrl = new Uri("ftp://coder.example.com/api/v2");
            o.SessionToken = " ";
        });
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(ex.Failures, f => f.Contains("'broken'") && f.Contains("must use http or https"));
        Assert.Contains(ex.Failures, f => f.Contains("without a path"));
        Assert.Contains(ex.Failures, f => f.Contains("SessionToken is empty"));
    }

    [Fact]
    public async Task HostStart_MissingUrlInConfiguration_FailsNamingTheKey()
    {
        using var host = TestHosts.WithCoderSection(new() { ["SessionToken"] = "abc" });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("configuration key 'Url'", ex.Message);
    }

    [Fact]
    public async Task HostStart_UnparsableAllowAnonymous_FailsNamingTheKey()
    {
        using var host = TestHosts.WithCoderSection(new()
        {
            ["Url"] = "https://coder.example.com",
            ["AllowAnonymous"] = "yes",
        });

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Configuration key 'AllowAnonymous' must be true or false; 'yes' is not.", ex.Message);
    }

    [Fact]
    public async Task AddCoderClient_ReturnsBuilder_CallerHandlersRunOnEveryRequest()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
        }).AddHttpMessageHandler(() => counter);
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ICoderClient>();

        await client.Users.GetAsync("me");
        await client.General.GetBuildInfoAsync();

        Assert.Equal(2, counter.Count);
        Assert.All(counter.SawToken, Assert.True);
    }

    [Theory]
    [InlineData("")]
    [InlineData("prod")]
    public async Task AddCoderClient_SameNameTwice_ThrowsNamingItAndAttemptsStayThoseOfOneChain(string name)
    {
        const int maxRetries = 2;
        await using var server = await FakeCoderServer.StartAsync();
        var services = new ServiceCollection();
        services.AddCoderClient(name, o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
            o.Resilience.MaxRetries = maxRetries;
            o.Resilience.BaseDelay = TimeSpan.Zero; // instant retries: nothing here waits on a clock
            o.Resilience.MaxDelay = TimeSpan.Zero;
            o.TimeProvider = new ManualTimeProvider(); // and no timeout can fire on its own
        });
        var again = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Url"] = server.BaseUrl.ToString(),
            ["SessionToken"] = server.AdminSessionToken,
        }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddCoderClient(name, again));

        Assert.Contains(name.Length == 0 ? "The default (unnamed) Coder client is already registered" : "A Coder client named 'prod' is already registered", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminSessionToken, error.Message, StringComparison.Ordinal);
        await using var provider = services.BuildServiceProvider();
        var client = name.Length == 0 ? provider.GetRequiredService<ICoderClient>() : provider.GetRequiredKeyedService<ICoderClient>(name);
        server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Status(503) : null);

        await Assert.ThrowsAnyAsync<CoderApiException>(() => client.Users.GetAsync("me"));

        // One chain: the first attempt and its retries. Two stacked chains would make (1 + 2) * (1 + 2) = 9.
        Assert.Equal(1 + maxRetries, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public int Count;
        public List<bool> SawToken { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            lock (SawToken)
            {
                SawToken.Add(request.Headers.Contains("Coder-Session-Token"));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
