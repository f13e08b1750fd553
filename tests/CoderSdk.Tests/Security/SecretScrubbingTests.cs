using System.Net.WebSockets;
using System.Text.Json.Nodes;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Streaming;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Streaming;
using CoderSdk.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Tests.Security;

/// <summary>
/// A server (or a proxy) that echoes the client's secrets back must not get them into exception text or logs: the
/// session token, the header command's values and static extra headers are masked as <c>****</c> in every piece of
/// server text the SDK keeps. The secrets are also watched by the suite-wide <see cref="TokenLeakAudit"/>.
/// </summary>
public sealed class SecretScrubbingTests
{
    private const string Token = "scrub0001-ScrubTestSecretTokenValue7";
    private const string ProxySecret = "proxy-secret-from-command-98765";
    private const string StaticSecret = "static-header-secret-4242";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    static SecretScrubbingTests()
    {
        TokenLeakAudit.Global.Watch(Token);
        TokenLeakAudit.Global.Watch(ProxySecret);
        TokenLeakAudit.Global.Watch(StaticSecret);
    }

    [Fact]
    public async Task ErrorResponse_EchoesTokenAndHeaderValues_EveryKeptTextIsMasked()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var token = context.Request.Headers[CoderCredentialStep.SessionTokenHeader].ToString();
            var proxy = context.Request.Headers["X-Proxy-Auth"].ToString();
            var extra = context.Request.Headers["X-Team-Key"].ToString();
            var body = new JsonObject
            {
                ["message"] = $"API key {token} is not valid.",
                ["detail"] = $"the proxy saw {proxy} and {extra}",
                ["validations"] = new JsonArray(new JsonObject { ["field"] = "session_token", ["detail"] = $"{token} expired" }),
            };
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
        });
        var log = new TestLog();
        var options = new CoderClientOptions
        {
            BaseUrl = server.BaseUrl,
            SessionToken = Token,
            HeaderCommand = $"echo X-Proxy-Auth={ProxySecret}",
            LoggerFactory = log,
        };
        options.Headers["X-Team-Key"] = StaticSecret;
        options.HttpLogging.LogHeaders = true;
        options.HttpLogging.LogBodies = true;
        TestClients.Shorten(options.Resilience);
        using var client = new CoderClient(options);

        var error = Assert.IsAssignableFrom<CoderApiException>(await Record.ExceptionAsync(() => client.WhoAmIAsync()));

        // The server really echoed them (its request log has them), and the SDK kept the text masked.
        Assert.Contains(server.Requests, r => r.Headers["X-Proxy-Auth"] == ProxySecret);
        Assert.Equal("API key **** is not valid.", error.CoderMessage);
        Assert.Equal("the proxy saw **** and ****", error.Detail);
        Assert.Equal("**** expired", Assert.Single(error.Validations).Detail);
        Assert.Contains("API key **** is not valid.", error.ResponseBody, StringComparison.Ordinal);
        Assert.Contains("API key **** is not valid.: the proxy saw **** and ****", error.Message, StringComparison.Ordinal);
        AssertNoSecretIn(error.ToString(), error.ResponseBody);
        var responseBody = Assert.Single(log.Named("Body"), e => e["Direction"] == "Response");
        Assert.Contains("the proxy saw **** and ****", responseBody.Message, StringComparison.Ordinal);
        var requestHeaders = Assert.Single(log.Named("Headers"), e => e["Direction"] == "Request");
        Assert.Contains("X-Proxy-Auth: ****", requestHeaders.Message, StringComparison.Ordinal);
        Assert.Contains("X-Team-Key: ****", requestHeaders.Message, StringComparison.Ordinal);
        AssertNoSecretIn([.. log.Entries.Select(e => e.Message)]);
    }

    [Fact]
    public async Task WatchErrorEvent_EchoesTheToken_MessageDetailAndBodyAreMasked()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var token = env.Server.AdminSessionToken;
        var (workspace, _, _) = env.CreateStartedWorkspace();
        var payload = new JsonObject
        {
            ["type"] = "error",
            ["data"] = new JsonObject { ["message"] = $"Token {token} cannot watch this.", ["detail"] = $"key={token}" },
        };
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, payload.ToJsonString(), "/watch-ws"));
        var (_, failure) = await env.WatchUntilEndAsync(workspace.Id);

        var error = Assert.IsType<CoderStreamException>(failure);
        Assert.Equal(CoderStreamFailure.ErrorEvent, error.Failure);
        Assert.Equal("coderd sent an error event: Token **** cannot watch this.", error.CoderMessage);
        Assert.Equal("key=****", error.Detail);
        Assert.Contains("Token **** cannot watch this.", error.ResponseBody, StringComparison.Ordinal);
        AssertNoSecret(token, error.ToString(), error.ResponseBody);
    }

    [Fact]
    public async Task MalformedFrameAndCloseReason_EchoTheToken_ExcerptAndReasonAreMasked()
    {
        await using var env = await FakeEnvironment.StartAsync(streams: s => s.MaxReconnectAttempts = 0);
        var token = env.Server.AdminSessionToken;
        var build = env.CreateRunningBuild("one", "two");
        // (Unterminated, so that the parser's own messages do not quote it; see the next test for when they do.)
        env.Server.Streams.Enqueue(FakeStreamFault.Malformed(1, $"{{\"id\": 5, \"output\": \"{token}\""));
        using var cancel = new CancellationTokenSource(Patience);

        var malformed = await Assert.ThrowsAsync<CoderStreamException>(async () => await env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token).ToListAsync(cancel.Token));

        Assert.Equal(CoderStreamFailure.MalformedFrame, malformed.Failure);
        Assert.Contains("frame starts: {\"id\": 5, \"output\": \"****\"", malformed.Message, StringComparison.Ordinal);
        AssertNoSecret(token, malformed.ToString(), malformed.ResponseBody);

        env.Server.Streams.Enqueue(FakeStreamFault.Close(0, WebSocketCloseStatus.PolicyViolation, $"bad key {token}"));
        var closed = await Assert.ThrowsAsync<CoderStreamException>(async () => await env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token).ToListAsync(cancel.Token));

        Assert.Equal(CoderStreamFailure.ReconnectsExhausted, closed.Failure);
        Assert.Equal("bad key ****", closed.CloseDescription);
        Assert.Contains("(close 1008 \"bad key ****\")", closed.Message, StringComparison.Ordinal);
        AssertNoSecret(token, closed.ToString(), closed.CloseDescription);
    }

    [Fact]
    public void Parse_InvalidLiteralThatQuotesASecret_InnerParserExceptionIsMaskedToo()
    {
        // System.Text.Json quotes an invalid literal in its message ("'f...' is an invalid JSON literal"), and the SDK
        // keeps the parser's exception as the inner exception.
        const string secret = "fb2898e9de-LiteralSecret31337";
        var scrubber = new CoderSecretScrubber();
        scrubber.Add(secret);
        var stream = CoderStreamHandshakes.BuildsGetLogs(Guid.NewGuid());

        var error = Assert.Throws<CoderStreamException>(() => StreamFrames.Parse(
            System.Text.Encoding.UTF8.GetBytes($"{{\"id\": {secret}}}"), CoderSdk.Json.CoderJsonContext.Default.ProvisionerJobLog, stream, scrubber, System.Net.HttpStatusCode.SwitchingProtocols, 1));

        var inner = Assert.IsType<System.Text.Json.JsonException>(error.InnerException);
        Assert.Contains("'****}' is an invalid JSON literal", inner.Message, StringComparison.Ordinal);
        Assert.Equal("$.id", inner.Path);
        Assert.DoesNotContain(secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Scrub_SecretsInTheirEscapedForms_AreMaskedAndShortValuesAreLeftAlone()
    {
        var scrubber = new CoderSecretScrubber();
        scrubber.Add("Bearer abc+def/ghi==");
        scrubber.Add("short");

        Assert.Equal("auth=****", scrubber.Scrub("auth=Bearer abc+def/ghi=="));
        Assert.Equal("credential ****", scrubber.Scrub("credential abc+def/ghi=="));
        Assert.Equal("json ****", scrubber.Scrub("json " + System.Text.Json.JsonEncodedText.Encode("abc+def/ghi==")));
        Assert.Equal("query ****", scrubber.Scrub("query abc%2Bdef%2Fghi%3D%3D"));
        Assert.Equal("a short word", scrubber.Scrub("a short word"));
    }

    private static void AssertNoSecretIn(params string?[] texts) => AssertNoSecret(Token, texts);

    private static void AssertNoSecret(string token, params string?[] texts)
    {
        foreach (var text in texts)
        {
            Assert.DoesNotContain(token, text ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(ProxySecret, text ?? string.Empty, StringComparison.Ordinal);
            Assert.DoesNotContain(StaticSecret, text ?? string.Empty, StringComparison.Ordinal);
        }
    }
}
