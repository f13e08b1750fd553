using System.Text;
using CoderSdk.Configuration;
using CoderSdk.Http;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Tests.Security;

public sealed class LoggingTests
{
    [Fact]
    public async Task Get_Success_LogsMethodRouteStatusElapsedAndAttempt()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log);

        await client.WhoAmIAsync();

        var entry = Assert.Single(log.Named("AttemptCompleted"));
        Assert.Equal(LogLevel.Debug, entry.Level);
        Assert.Equal(CoderHttpLog.Category, entry.Category);
        Assert.Equal("GET", entry["Method"]);
        Assert.Equal("/api/v2/users/{user}", entry["Route"]);
        Assert.Equal("/api/v2/users/me", entry["Path"]);
        Assert.Equal("200", entry["StatusCode"]);
        Assert.Equal("1", entry["Attempt"]);
        Assert.Matches("^[0-9]+$", entry["ElapsedMs"]);
    }

    [Fact]
    public async Task Get_AfterATransientFailure_LogsEachAttemptAndTheRetry()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        server.Faults.Enqueue(FakeFault.Reset(), TestClients.IsMe);

        await client.WhoAmIAsync();

        var failed = Assert.Single(log.Named("AttemptFailed"));
        Assert.Equal("1", failed["Attempt"]);
        Assert.IsAssignableFrom<HttpRequestException>(failed.Exception);
        Assert.Single(log.Named("RetryScheduled"));
        Assert.Equal("2", Assert.Single(log.Named("AttemptCompleted"))["Attempt"]);
    }

    [Fact]
    public async Task HeadersAndBodies_WhenEnabled_SecretsAreRedacted()
    {
        const string LoginSecret = "login-response-secret-value";
        TokenLeakAudit.Global.Watch(LoginSecret);
        await using var other = await FakeRecordingServer.StartAsync(new FakeRecordingServerOptions
        {
            Body = $$"""{"session_token":"{{LoginSecret}}","nested":{"password":"{{LoginSecret}}"},"version":"v2.20.0"}""",
        });
        var log = new TestLog();
        const string Token = "logging-session-token";
        TokenLeakAudit.Global.Watch(Token);
        var options = new CoderClientOptions { BaseUrl = other.BaseUrl, SessionToken = Token, LoggerFactory = log };
        options.Headers["Authorization"] = "Bearer proxy-secret";
        TokenLeakAudit.Global.Watch("proxy-secret");
        options.HttpLogging.LogHeaders = true;
        options.HttpLogging.LogBodies = true;
        using var client = new CoderClient(options);

        await client.General.GetBuildInfoAsync();

        var requestHeaders = log.Named("Headers").First(e => e["Direction"] == "Request").Message;
        Assert.Contains("Coder-Session-Token: ****", requestHeaders, StringComparison.Ordinal);
        Assert.Contains("Authorization: ****", requestHeaders, StringComparison.Ordinal);
        var body = Assert.Single(log.Named("Body"));
        Assert.Equal("""{"session_token":"****","nested":{"password":"****"},"version":"v2.20.0"}""", body["Body"]);
    }

    [Fact]
    public async Task Bodies_ByDefault_AreNeverLogged()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log);

        await client.WhoAmIAsync();

        Assert.Empty(log.Named("Body"));
        Assert.Empty(log.Named("Headers"));
    }

    [Fact]
    public void RedactedTarget_SecretQueryKeys_Masked()
    {
        var uri = new Uri("https://coder.example.com/api/v2/x?coder_session_token=abc&q=owner%3Ame&ACCESS_TOKEN=def&flag");

        Assert.Equal("/api/v2/x?coder_session_token=****&q=owner%3Ame&ACCESS_TOKEN=****&flag", CoderHttpText.RedactedTarget(uri));
    }

    [Fact]
    public void RedactJson_ArraysNestingAndLimits_MaskedAndBounded()
    {
        var json = Encoding.UTF8.GetBytes("""[{"key":"k1","name":"a"},{"token":{"inner":1},"n":2.50,"ok":true,"none":null}]""");

        Assert.Equal("""[{"key":"****","name":"a"},{"token":"****","n":2.50,"ok":true,"none":null}]""", CoderHttpText.RedactJson(json, 1000));
        Assert.Equal("[{\"key\":\"****\"…", CoderHttpText.RedactJson(json, 14));
        Assert.Equal("(not valid JSON, 13 bytes; not shown)", CoderHttpText.RedactJson("""{"token":"abc"""u8, 100));
    }

    [Fact]
    public async Task AddCoderClient_HttpClientFactoryLogging_IsOffAndTheSdksOwnLogCarriesNoToken()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(log));
        services.AddCoderClient(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
            o.HttpLogging.LogHeaders = true;
        });
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ICoderClient>().Users.GetAsync("me");

        // The factory's loggers would keep the raw token in their structured state (only their message is redacted).
        Assert.DoesNotContain(log.Entries, e => e.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Entries, e => e.State.Any(p => p.Value?.ToString()?.Contains(server.AdminSessionToken, StringComparison.Ordinal) == true));
        Assert.Single(log.Named("AttemptCompleted"));
    }
}
