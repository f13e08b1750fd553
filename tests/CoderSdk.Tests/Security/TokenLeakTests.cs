using CoderSdk.Auth;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Polly.Timeout;

namespace CoderSdk.Tests.Security;

/// <summary>
/// The token must never appear in logs or exception text. The whole suite is audited as it runs (see
/// <see cref="TokenLeakAudit"/>); this class proves the audit catches a leak and drives every failure path the SDK has
/// with the most verbose logging switched on.
/// </summary>
public sealed class TokenLeakTests
{
    [Fact]
    public void Audit_PlantedLeak_IsDetectedWithoutRepeatingTheToken()
    {
        var audit = new TokenLeakAudit();
        audit.Watch("planted-token-123");

        audit.Scan("GET /api/v2/users/me: 401", "clean text");
        audit.Scan("oops planted-token-123 escaped", "dirty text");

        var leak = Assert.Single(audit.Leaks);
        Assert.Contains("dirty text", leak, StringComparison.Ordinal);
        Assert.DoesNotContain("planted-token-123", leak, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RepresentativeFailures_WithHeadersAndBodiesLogged_TokenNeverAppears()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        await using var other = await FakeRecordingServer.StartAsync();
        var log = new TestLog();
        var audit = new TokenLeakAudit();
        audit.Watch(server.AdminSessionToken);
        // Every client here runs on this clock, which moves only when the test says so: no timeout can fire because the
        // machine is slow, and the one scenario that needs the attempt timeout makes it fire.
        var clock = new ManualTimeProvider();
        var attemptTimeout = TimeSpan.FromMilliseconds(500);
        using var client = TestClients.Create(server, log, o =>
        {
            OnClock(o, clock);
            o.HttpLogging.LogHeaders = true;
            o.HttpLogging.LogBodies = true;
            o.Resilience.AttemptTimeout = attemptTimeout;
            o.Resilience.MaxRetries = 1;
        });
        var template = server.AnyTemplate();
        var scenarios = new (string Name, Type Expected, Action Arrange, Func<Task> Act)[]
        {
            ("404", typeof(CoderNotFoundException), () => server.Faults.Enqueue(FakeFault.Status(404), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("403", typeof(CoderForbiddenException), () => server.Faults.Enqueue(FakeFault.Status(403), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("409", typeof(CoderConflictException), () => server.Faults.Enqueue(FakeFault.Status(409), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("429 twice", typeof(CoderRateLimitedException), () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.RateLimited(1) : null), () => client.WhoAmIAsync()),
            ("500 twice", typeof(CoderApiException), () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Status(500) : null), () => client.WhoAmIAsync()),
            ("reset twice", typeof(HttpRequestException), () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Reset() : null), () => client.WhoAmIAsync()),
            ("cut body twice", typeof(HttpRequestException), () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.TruncatedBody() : null), () => client.WhoAmIAsync()),
            ("timeout twice", typeof(TimeoutRejectedException), () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Slow(Timeout.InfiniteTimeSpan) : null), () => TimeOutTwiceAsync(client, clock, attemptTimeout)),
            ("post reset", typeof(CoderOutcomeUnknownException), () => server.Faults.SetPolicy(c => c.Method == "POST" ? FakeFault.ResetAfterActing() : null), () => client.CreateWorkspaceAsync("leak-a", template)),
            ("post 502", typeof(CoderApiException), () => server.Faults.SetPolicy(c => c.Method == "POST" ? FakeFault.StatusAfterActing(502) : null), () => client.CreateWorkspaceAsync("leak-b", template)),
            ("post 409", typeof(CoderConflictException), () => server.Faults.SetPolicy(null), () => client.CreateWorkspaceAsync("leak-b", template)),
            ("cross-origin redirect", typeof(CoderRedirectException), () => server.Faults.Enqueue(FakeFault.Redirect(new Uri(other.BaseUrl, "x?coder_session_token=" + server.AdminSessionToken)), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("redirect loop", typeof(CoderRedirectException), () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Redirect(new Uri("/api/v2/users/me", UriKind.Relative)) : null), () => client.WhoAmIAsync()),
            ("bad uuid", typeof(CoderApiException), () => server.Faults.SetPolicy(null), () => client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v2/workspaces/not-a-uuid"))),
            ("wrong token", typeof(CoderUnauthorizedException), () => { }, () => WrongTokenAsync(server, log, clock)),
            ("header command", typeof(CoderHeaderCommandException), () => { }, () => HeaderCommandFailureAsync(server, log, clock)),
            ("refused", typeof(HttpRequestException), () => { }, () => RefusedAsync(server.AdminSessionToken, log, clock)),
            ("tls", typeof(HttpRequestException), () => { }, () => TlsFailureAsync(server.AdminSessionToken, log, clock)),
            ("bad options", typeof(CoderConfigurationException), () => { }, () => Task.FromException(Assert.Throws<CoderConfigurationException>(() => new CoderClient(new CoderClientOptions
            {
                BaseUrl = new Uri("https://u:p@coder.example.com/path?x=1"),
                SessionToken = server.AdminSessionToken + "\n",
            })))),
        };

        var exceptions = new List<Exception>();
        foreach (var (name, expected, arrange, act) in scenarios)
        {
            arrange();
            var error = await Record.ExceptionAsync(act);
            Assert.True(error is not null, $"scenario '{name}' did not fail");
            // A body cut off after the 200 arrived is CoderInvalidResponseException (the README's table); cut before the
            // headers were complete it is a transport failure. Which one a run sees depends on where the cut lands.
            var cutAfterTheStatus = name == "cut body twice" && error is CoderInvalidResponseException;
            Assert.True(error.GetType() == expected || cutAfterTheStatus, $"scenario '{name}' failed with {error.GetType().Name}, not {expected.Name}: {error.Message}");
            exceptions.Add(error);
            server.Faults.Clear();
        }

        foreach (var error in exceptions)
        {
            audit.Scan(error.ToString(), error.GetType().Name);
        }

        foreach (var entry in log.Entries)
        {
            audit.Scan(entry.Message, entry.EventId.Name ?? "log");
            audit.Scan(entry.Exception?.ToString(), "logged exception");
        }

        audit.Scan(client.ToString(), "client");
        audit.Scan(client.Options.ToString(), "options");
        audit.Scan(new StaticCoderTokenProvider(new CoderSessionToken(server.AdminSessionToken)).ToString(), "provider");
        audit.Scan($"{new CoderSessionToken(server.AdminSessionToken)}", "token");

        Assert.Empty(audit.Leaks);
        Assert.True(log.Entries.Count > 60, $"only {log.Entries.Count} log entries were captured");
        Assert.Contains(log.Entries, e => e.Message.Contains("Coder-Session-Token: ****", StringComparison.Ordinal));
        Assert.Empty(other.Requests);
    }

    /// <summary>The real retry rules on <paramref name="clock"/>, with instant backoff and Retry-After waits.</summary>
    private static void OnClock(CoderClientOptions options, ManualTimeProvider clock)
    {
        options.TimeProvider = clock;
        options.Resilience.BaseDelay = TimeSpan.Zero;
        options.Resilience.MaxDelay = TimeSpan.Zero;
        options.Resilience.MaxRetryAfter = TimeSpan.Zero;
    }

    /// <summary>Both attempts hang on the server; the clock, not the machine's speed, ends each one at its timeout.</summary>
    private static async Task TimeOutTwiceAsync(CoderClient client, ManualTimeProvider clock, TimeSpan attemptTimeout)
    {
        var call = client.WhoAmIAsync();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            await clock.WaitForTimersAsync(delays => delays.Contains(attemptTimeout));
            clock.Advance(attemptTimeout);
        }

        await call;
    }

    private static async Task WrongTokenAsync(FakeCoderServer server, TestLog log, ManualTimeProvider clock)
    {
        using var client = TestClients.Create(server, log, o =>
        {
            OnClock(o, clock);
            o.SessionToken = server.AdminSessionToken[..^1] + "x";
        });
        await client.WhoAmIAsync();
    }

    private static async Task HeaderCommandFailureAsync(FakeCoderServer server, TestLog log, ManualTimeProvider clock)
    {
        using var client = TestClients.Create(server, log, o =>
        {
            OnClock(o, clock);
            o.HeaderCommand = OperatingSystem.IsWindows() ? "exit 7" : "echo 'no=' >&2; exit 7";
        });
        await client.WhoAmIAsync();
    }

    private static async Task RefusedAsync(string token, TestLog log, ManualTimeProvider clock)
    {
        var options = new CoderClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{Resilience.RetryTests.FreePort()}"), SessionToken = token, LoggerFactory = log };
        OnClock(options, clock);
        using var client = new CoderClient(options);
        await client.WhoAmIAsync();
    }

    private static async Task TlsFailureAsync(string token, TestLog log, ManualTimeProvider clock)
    {
        await using var tls = await FakeRecordingServer.StartAsync(new FakeRecordingServerOptions { Certificate = TestCertificates.Instance.Loopback });
        var options = new CoderClientOptions { BaseUrl = tls.BaseUrl, SessionToken = token, LoggerFactory = log };
        OnClock(options, clock);
        options.Resilience.MaxRetries = 0;
        using var client = new CoderClient(options);
        await client.WhoAmIAsync();
    }
}
