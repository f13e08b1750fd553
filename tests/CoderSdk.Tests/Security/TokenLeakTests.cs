using CoderSdk.Http;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

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
        using var client = TestClients.Create(server, log, o =>
        {
            o.HttpLogging.LogHeaders = true;
            o.HttpLogging.LogBodies = true;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500);
            o.Resilience.MaxRetries = 1;
        });
        var template = server.AnyTemplate();
        await client.WhoAmIAsync(); // Warm up (JIT, first connection) so that only the slow scenario meets the attempt timeout.
        var scenarios = new (string Name, Action Arrange, Func<Task> Act)[]
        {
            ("404", () => server.Faults.Enqueue(FakeFault.Status(404), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("403", () => server.Faults.Enqueue(FakeFault.Status(403), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("409", () => server.Faults.Enqueue(FakeFault.Status(409), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("429 twice", () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.RateLimited(1) : null), () => client.WhoAmIAsync()),
            ("500 twice", () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Status(500) : null), () => client.WhoAmIAsync()),
            ("reset twice", () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Reset() : null), () => client.WhoAmIAsync()),
            ("cut body twice", () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.TruncatedBody() : null), () => client.WhoAmIAsync()),
            ("timeout twice", () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Slow(TimeSpan.FromSeconds(10)) : null), () => client.WhoAmIAsync()),
            ("post reset", () => server.Faults.SetPolicy(c => c.Method == "POST" ? FakeFault.ResetAfterActing() : null), () => client.CreateWorkspaceAsync("leak-a", template)),
            ("post 502", () => server.Faults.SetPolicy(c => c.Method == "POST" ? FakeFault.StatusAfterActing(502) : null), () => client.CreateWorkspaceAsync("leak-b", template)),
            ("post 409", () => server.Faults.SetPolicy(null), () => client.CreateWorkspaceAsync("leak-b", template)),
            ("cross-origin redirect", () => server.Faults.Enqueue(FakeFault.Redirect(new Uri(other.BaseUrl, "x?coder_session_token=" + server.AdminSessionToken)), TestClients.IsMe), () => client.WhoAmIAsync()),
            ("redirect loop", () => server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Redirect(new Uri("/api/v2/users/me", UriKind.Relative)) : null), () => client.WhoAmIAsync()),
            ("bad uuid", () => server.Faults.SetPolicy(null), () => client.Connection.SendAsync(new CoderRequest(HttpMethod.Get, "/api/v2/workspaces/{workspace}").Path("workspace", "not-a-uuid"), CancellationToken.None)),
            ("wrong token", () => { }, () => WrongTokenAsync(server, log)),
            ("header command", () => { }, () => HeaderCommandFailureAsync(server, log)),
            ("refused", () => { }, () => RefusedAsync(server.AdminSessionToken, log)),
            ("tls", () => { }, () => TlsFailureAsync(server.AdminSessionToken, log)),
            ("bad options", () => { }, () => Task.FromException(Assert.Throws<CoderConfigurationException>(() => new CoderClient(new CoderClientOptions
            {
                BaseUrl = new Uri("https://u:p@coder.example.com/path?x=1"),
                SessionToken = server.AdminSessionToken + "\n",
            })))),
        };

        var exceptions = new List<Exception>();
        foreach (var (name, arrange, act) in scenarios)
        {
            arrange();
            var error = await Record.ExceptionAsync(act);
            Assert.True(error is not null, $"scenario '{name}' did not fail");
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
        Assert.Equal(scenarios.Length, exceptions.Select(e => e.GetType()).Count());
        Assert.True(log.Entries.Count > 60, $"only {log.Entries.Count} log entries were captured");
        Assert.Contains(log.Entries, e => e.Message.Contains("Coder-Session-Token: ****", StringComparison.Ordinal));
        Assert.Empty(other.Requests);
    }

    private static async Task WrongTokenAsync(FakeCoderServer server, TestLog log)
    {
        using var client = TestClients.Create(server, log, o => o.SessionToken = server.AdminSessionToken[..^1] + "x");
        await client.WhoAmIAsync();
    }

    private static async Task HeaderCommandFailureAsync(FakeCoderServer server, TestLog log)
    {
        using var client = TestClients.Create(server, log, o => o.HeaderCommand = OperatingSystem.IsWindows() ? "exit 7" : "echo 'no=' >&2; exit 7");
        await client.WhoAmIAsync();
    }

    private static async Task RefusedAsync(string token, TestLog log)
    {
        var options = new CoderClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{Resilience.RetryTests.FreePort()}"), SessionToken = token, LoggerFactory = log };
        TestClients.Shorten(options.Resilience);
        using var client = new CoderClient(options);
        await client.WhoAmIAsync();
    }

    private static async Task TlsFailureAsync(string token, TestLog log)
    {
        await using var tls = await FakeRecordingServer.StartAsync(new FakeRecordingServerOptions { Certificate = TestCertificates.Instance.Loopback });
        var options = new CoderClientOptions { BaseUrl = tls.BaseUrl, SessionToken = token, LoggerFactory = log };
        options.Resilience.MaxRetries = 0;
        using var client = new CoderClient(options);
        await client.WhoAmIAsync();
    }
}
