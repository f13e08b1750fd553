using CoderSdk.DependencyInjection;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Tests.DependencyInjection;

/// <summary>
/// A token (or header) that changes in configuration applies from the next request on, as a secret store refresh
/// that reloads the configuration needs; each named client follows its own section.
/// </summary>
public sealed class TokenRotationTests
{
    [Fact]
    public async Task ReloadedToken_IsSentFromTheNextRequestOn()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var member = server.State.AddUser("member");
        var configuration = Configuration(("Coder:Url", server.BaseUrl.ToString()), ("Coder:SessionToken", server.AdminSessionToken));
        await using var provider = Provider(services => services.AddCoderClient(configuration.GetSection("Coder")));
        var client = provider.GetRequiredService<ICoderClient>();

        var before = await client.Users.GetAsync("me");
        configuration["Coder:SessionToken"] = member.SessionToken;
        configuration.Reload();
        var after = await client.Users.GetAsync("me");

        Assert.Equal("admin", before.Username);
        Assert.Equal("member", after.Username);
        Assert.Same(client, provider.GetRequiredService<ICoderClient>());
        Assert.Equal([server.AdminSessionToken, member.SessionToken], server.Requests.Select(r => r.Headers["Coder-Session-Token"]));
    }

    [Fact]
    public async Task ReloadedHeaders_AreSentFromTheNextRequestOn()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var configuration = Configuration(
            ("Coder:Url", server.BaseUrl.ToString()), ("Coder:SessionToken", server.AdminSessionToken), ("Coder:Headers:X-Team", "blue"));
        await using var provider = Provider(services => services.AddCoderClient(configuration.GetSection("Coder")));
        var client = provider.GetRequiredService<ICoderClient>();

        await client.Users.GetAsync("me");
        configuration["Coder:Headers:X-Team"] = "green";
        configuration.Reload();
        await client.Users.GetAsync("me");

        Assert.Equal(["blue", "green"], server.Requests.Select(r => r.Headers["X-Team"]));
    }

    [Fact]
    public async Task NamedClients_EachFollowTheirOwnSection()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var member = server.State.AddUser("member");
        var configuration = Configuration(
            ("Coder:One:Url", server.BaseUrl.ToString()), ("Coder:One:SessionToken", server.AdminSessionToken),
            ("Coder:Two:Url", server.BaseUrl.ToString()), ("Coder:Two:SessionToken", server.AdminSessionToken));
        await using var provider = Provider(services =>
        {
            services.AddCoderClient("one", configuration.GetSection("Coder:One"));
            services.AddCoderClient("two", configuration.GetSection("Coder:Two"));
        });
        var factory = provider.GetRequiredService<ICoderClientFactory>();

        configuration["Coder:Two:SessionToken"] = member.SessionToken;
        configuration.Reload();
        var one = await factory.CreateClient("one").Users.GetAsync("me");
        var two = await factory.CreateClient("two").Users.GetAsync("me");

        Assert.Equal("admin", one.Username);
        Assert.Equal("member", two.Username);
    }

    [Fact]
    public async Task ReloadedEmptyToken_IsLogged_AndFailsTheNextCallWithTheConfigurationError_BeforeSending()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        var configuration = Configuration(("Coder:Url", server.BaseUrl.ToString()), ("Coder:SessionToken", server.AdminSessionToken));
        await using var provider = Provider(services =>
        {
            services.AddSingleton<ILoggerFactory>(log);
            services.AddCoderClient(configuration.GetSection("Coder"));
        });
        var client = provider.GetRequiredService<ICoderClient>();
        await client.Users.GetAsync("me");

        configuration["Coder:SessionToken"] = " ";
        // The reload itself does not throw (it runs inside the configuration provider, e.g. a file watcher's callback).
        configuration.Reload();
        var error = await Assert.ThrowsAsync<CoderConfigurationException>(() => client.Users.GetAsync("me"));

        Assert.Contains("SessionToken is empty", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        var logged = Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Category == "CoderSdk.Configuration");
        Assert.Contains("SessionToken is empty", logged.Message, StringComparison.Ordinal);

        configuration["Coder:SessionToken"] = server.AdminSessionToken;
        configuration.Reload();
        Assert.Equal("admin", (await client.Users.GetAsync("me")).Username);
    }

    [Fact]
    public async Task AnEmptyTokenAtStart_StillFailsValidation()
    {
        var configuration = Configuration(("Coder:Url", "https://coder.example.com"), ("Coder:SessionToken", " "));
        await using var provider = Provider(services => services.AddCoderClient(configuration.GetSection("Coder")));

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => provider.GetRequiredService<ICoderClient>());

        Assert.Contains("SessionToken is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A401ToTheOldToken_IsRepeatedOnce_WithTheTokenReloadedMeanwhile()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var configuration = Configuration(("Coder:Url", server.BaseUrl.ToString()), ("Coder:SessionToken", "expired-token"));
        // The reload lands while the request with the old token is on its way: a handler chained after the SDK's
        // steps (so it runs per attempt, after the token is set) rotates the token on the first attempt only.
        var rotations = 0;
        await using var provider = Provider(services => services.AddCoderClient(configuration.GetSection("Coder"))
            .AddHttpMessageHandler(() => new OnFirstSend(() =>
            {
                rotations++;
                configuration["Coder:SessionToken"] = server.AdminSessionToken;
                configuration.Reload();
            })));

        var me = await provider.GetRequiredService<ICoderClient>().Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        Assert.Equal(1, rotations);
        Assert.Equal(["expired-token", server.AdminSessionToken], server.Requests.Select(r => r.Headers["Coder-Session-Token"]));
    }

    private static IConfigurationRoot Configuration(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static ServiceProvider Provider(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider();
    }

    private sealed class OnFirstSend(Action action) : DelegatingHandler
    {
        private int _sent;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _sent) == 1)
            {
                action();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
