using CoderSdk.Auth;
using CoderSdk.Configuration;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Tests.Security;

/// <summary>The session token stays out of everything a person or a log pipeline can read.</summary>
public sealed class TokenSecrecyTests
{
    private const string Token = TestClients.LeakCanaryToken;

    [Fact]
    public void Token_ToStringAndInterpolation_Masked()
    {
        var token = new CoderSessionToken(Token);

        Assert.Equal("****", token.ToString());
        Assert.Equal("token=****", $"token={token}");
        Assert.Equal(Token, token.Reveal());
    }

    [Fact]
    public void Token_Equality_ByValue()
    {
        Assert.Equal(new CoderSessionToken("abc"), new CoderSessionToken("abc"));
        Assert.NotEqual(new CoderSessionToken("abc"), new CoderSessionToken("abd"));
    }

    [Fact]
    public void Token_WithLineBreak_RejectedWithoutEchoingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => new CoderSessionToken(Token + "\n"));

        Assert.DoesNotContain(Token, ex.Message);
    }

    [Fact]
    public void OptionsAndClient_ToString_NeverShowToken()
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = Token };
        options.Headers["X-Proxy-Auth"] = "proxy-secret-value";
        using var client = new CoderClient(options);

        Assert.DoesNotContain(Token, options.ToString());
        Assert.Contains("SessionToken = ****", options.ToString());
        Assert.DoesNotContain("proxy-secret-value", options.ToString());
        Assert.DoesNotContain(Token, client.ToString());
        Assert.DoesNotContain(Token, new StaticCoderTokenProvider(new CoderSessionToken(Token)).ToString());
    }

    [Fact]
    public async Task Failures_ExceptionTextAndCapturedLogs_NeverContainToken()
    {
        await using var fake = await FakeCoderServer.StartAsync();
        await using var html = await LoopbackServer.RespondingAsync(500, "text/html", "<h1>boom</h1>");
        var sink = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(sink));
        services.AddCoderClient("fake", o =>
        {
            o.BaseUrl = fake.BaseUrl;
            o.SessionToken = Token;
        });
        services.AddCoderClient("html", o =>
        {
            o.BaseUrl = html.BaseUrl;
            o.SessionToken = Token;
            TestClients.Shorten(o.Resilience);
        });
        await using var provider = services.BuildServiceProvider();
        var failures = new List<Exception>
        {
            await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredKeyedService<ICoderClient>("fake").Users.GetAsync("me")),
            await Assert.ThrowsAnyAsync<Exception>(() => provider.GetRequiredKeyedService<ICoderClient>("html").Workspaces.ListAsync("owner:me")),
        };

        Assert.NotEmpty(sink.Messages);
        Assert.All(sink.Messages, m => Assert.DoesNotContain(Token, m));
        Assert.All(failures, f => Assert.DoesNotContain(Token, f.ToString()));
        // The request really carried it: the secrecy is in the reporting, not a missing header.
        Assert.Equal(Token, fake.Requests.Single().Headers["Coder-Session-Token"]);
    }

    [Fact]
    public async Task Requests_TokenNeverInUrl()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        await client.Users.GetAsync("me");
        await client.Workspaces.ListAsync("owner:me");

        Assert.All(server.Requests, r => Assert.DoesNotContain(server.AdminSessionToken, r.RawTarget));
        Assert.All(server.Requests, r => Assert.DoesNotContain("coder_session_token", r.RawTarget));
    }

    internal sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
                lock (owner._messages)
                {
                    owner._messages.Add($"{category}: {formatter(state, exception)} {structured} {exception}");
                }
            }
        }
    }
}
