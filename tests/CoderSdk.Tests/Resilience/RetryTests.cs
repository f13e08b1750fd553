using System.Net;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using CoderSdk.Versions;
using Polly;
using Polly.Timeout;

namespace CoderSdk.Tests.Resilience;

public sealed class RetryTests
{
    private static bool IsCreate(FakeFaultContext c) => c.Method == "POST" && c.Path.EndsWith("/workspaces", StringComparison.Ordinal);

    [Fact]
    public async Task Get_503ThenSuccess_RetriedOnceAndSucceeds()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        server.Faults.Enqueue(FakeFault.Status(503), TestClients.IsMe);

        var me = await client.WhoAmIAsync();

        Assert.Equal("admin", me.Username);
        Assert.Equal(2, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
        var retry = Assert.Single(log.Named("RetryScheduled"));
        Assert.Equal("1", retry["Retry"]);
        Assert.Contains("503", retry["Reason"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    public async Task Get_ClientErrorStatus_NeverRetried(int status)
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.Status(status), TestClients.IsMe);

        var error = await Assert.ThrowsAnyAsync<CoderApiException>(() => client.WhoAmIAsync());

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
    }

    [Fact]
    public async Task Get_ConnectionResetBeforeResponse_RetriedAndSucceeds()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.Reset(), TestClients.IsMe);
        server.Faults.Enqueue(FakeFault.Reset(), TestClients.IsMe);

        var me = await client.WhoAmIAsync();

        Assert.Equal("admin", me.Username);
        Assert.Equal(3, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    [Fact]
    public async Task Get_TruncatedBody_RetriedAndSucceeds()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.TruncatedBody(), TestClients.IsMe);

        var me = await client.WhoAmIAsync();

        Assert.Equal("admin", me.Username);
        Assert.Equal(2, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    [Fact]
    public async Task Get_SlowerThanAttemptTimeout_RetriedAndSucceeds()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(500));
        await client.WhoAmIAsync(); // Warm up, so that only the injected stall meets the attempt timeout.
        server.Faults.Enqueue(FakeFault.Slow(TimeSpan.FromSeconds(20)), TestClients.IsMe);

        var me = await client.WhoAmIAsync();

        Assert.Equal("admin", me.Username);
        Assert.Equal(3, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    [Fact]
    public async Task Get_SlowEveryTime_ThrowsTimeoutRejectedAfterRetries()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        var time = new ManualTimeProvider();
        using var client = TestClients.Create(server, log, configure: o =>
        {
            o.TimeProvider = time;
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(100);
            o.Resilience.MaxRetries = 1;
        });
        server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Slow(TimeSpan.FromSeconds(20)) : null);

        // The clock moves only here. Each attempt's timeout is passed once the server holds that attempt's request;
        // the retry delay between them is passed as soon as it is pending. However slow the machine, both attempts
        // reach the server and both time out.
        static bool IsMe(FakeRecordedRequest r) => r.RawTarget == "/api/v2/users/me";
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var call = client.WhoAmIAsync();
        var attempts = 0;
        for (var step = 0; step < 10 && !call.IsCompleted; step++)
        {
            await Task.WhenAny(call, time.WaitForTimersAsync(delays => delays.Any(d => d <= TimeSpan.FromMilliseconds(100))));
            if (call.IsCompleted)
            {
                break;
            }

            var next = time.PendingDelays.Where(d => d <= TimeSpan.FromMilliseconds(100)).DefaultIfEmpty(TimeSpan.FromMilliseconds(100)).Min();
            if (next == TimeSpan.FromMilliseconds(100))
            {
                await server.WaitForRequestsAsync(IsMe, ++attempts, limit.Token);
            }

            time.Advance(next);
        }

        var error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => call.WaitAsync(limit.Token));

        TokenLeakAudit.Global.Scan(error);
        Assert.Single(log.Named("RetryScheduled"));
        Assert.Equal(2, log.Named("AttemptFailed").Count());
        Assert.Equal(2, server.Requests.Count(IsMe));
    }

    [Fact]
    public async Task Post_503_NotRetried()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        server.Faults.Enqueue(FakeFault.Status(503), IsCreate);

        var error = await Assert.ThrowsAsync<CoderApiException>(() => client.CreateWorkspaceAsync("one", server.AnyTemplate()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(server.Requests, r => r.Method == "POST");
        var withheld = Assert.Single(log.Named("RetryWithheld"));
        Assert.Contains("not idempotent", withheld.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task IdempotentWrite_503_Retried(string method)
    {
        // PUT and DELETE are idempotent (RFC 9110): the SDK retries them on 5xx. Microsoft.Extensions.Http.Resilience's
        // DisableForUnsafeHttpMethods() would never retry them; this test pins the SDK's finer rule (docs/resilience-and-security.md).
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log, o => o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(10));
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Method == method);

        // What the fake server answers the repeat with does not matter here, only that the repeat was sent.
        await Record.ExceptionAsync(() =>
            client.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/api/v2/users/me/idempotent-probe")));

        Assert.Equal(2, server.Requests.Count(r => r.Method == method));
        Assert.Equal("1", Assert.Single(log.Named("RetryScheduled"))["Retry"]);
    }

    [Fact]
    public async Task Post_429_RetriedAndCreatesOnce()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        using var client = TestClients.Create(server);
        var before = server.State.WorkspacesCreated;
        server.Faults.Enqueue(FakeFault.RateLimited(retryAfterSeconds: 1), IsCreate);

        await client.CreateWorkspaceAsync("after-429", server.AnyTemplate());

        Assert.Equal(2, server.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(before + 1, server.State.WorkspacesCreated);
    }

    [Fact]
    public async Task Post_ResetAfterServerActed_ThrowsOutcomeUnknownAndIsNotRepeated()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        using var client = TestClients.Create(server);
        var before = server.State.WorkspacesCreated;
        server.Faults.Enqueue(FakeFault.ResetAfterActing(), IsCreate);

        var error = await Assert.ThrowsAsync<CoderOutcomeUnknownException>(() => client.CreateWorkspaceAsync("reset", server.AnyTemplate()));

        Assert.Equal("POST", error.Method);
        Assert.Equal("/api/v2/users/{user}/workspaces", error.RouteTemplate);
        Assert.Contains("not idempotent", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Equal(before + 1, server.State.WorkspacesCreated);
    }

    [Fact]
    public async Task Post_TruncatedBodyAfterServerActed_TypedFailureWithoutRetry()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.TruncatedBody(), IsCreate);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.CreateWorkspaceAsync("cut", server.AnyTemplate()));

        // The fault resets the connection mid-body. If the status line arrived first, the outcome is known (201 with a
        // cut-short body); if the reset overtook it, it is unknown. Both are typed, and neither is retried.
        Assert.True(
            error is CoderOutcomeUnknownException or CoderInvalidResponseException { StatusCode: System.Net.HttpStatusCode.Created },
            $"unexpected {error.GetType().Name}: {error.Message}");
        Assert.Single(server.Requests, r => r.Method == "POST");
        Assert.Contains(server.State.Workspaces, w => w.Name == "cut");
    }

    [Fact]
    public async Task Post_SlowerThanAttemptTimeoutAfterServerActed_ThrowsOutcomeUnknown()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        // Long enough that the request surely reaches a busy server first; the fault then holds the answer for 20 s.
        using var client = TestClients.Create(server, configure: o => o.Resilience.AttemptTimeout = TimeSpan.FromSeconds(2));
        server.Faults.Enqueue(FakeFault.SlowAfterActing(TimeSpan.FromSeconds(20)), IsCreate);

        var error = await Assert.ThrowsAsync<CoderOutcomeUnknownException>(() => client.CreateWorkspaceAsync("slow", server.AnyTemplate()));

        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Single(server.Requests, r => r.Method == "POST");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PostWithoutBody_ConnectionClosedAfterServerActed_TransportDoesNotRepeatIt(bool resilience)
    {
        // SocketsHttpHandler re-sends a bodiless request by itself when the connection closes before any response byte.
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        using var client = TestClients.Create(server, configure: o => o.Resilience.Enabled = resilience);
        server.Faults.SetPolicy(c => c.Method == "POST" ? FakeFault.CloseAfterActing() : null);

        var error = await Assert.ThrowsAnyAsync<HttpRequestException>(() =>
            client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v2/users/me/workspaces")));

        Assert.Equal(resilience, error is CoderOutcomeUnknownException);
        Assert.Single(server.Faults.Records, r => r.Method == "POST" && r.EndpointRan);
    }

    [Fact]
    public async Task Post_ConnectionRefusedThenServerUp_RetriedBecauseItNeverLeft()
    {
        var port = FreePort();
        var time = new ManualTimeProvider();
        var options = new CoderClientOptions { BaseUrl = new Uri($"http://127.0.0.1:{port}/"), SessionToken = "refused-token", TimeProvider = time };
        TokenLeakAudit.Global.Watch(options.SessionToken);
        options.Resilience.BaseDelay = TimeSpan.FromSeconds(1);
        options.Resilience.UseJitter = false;
        using var client = new CoderClient(options);

        var create = client.CreateWorkspaceAsync("late", Guid.NewGuid());
        await time.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(1)));
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Port = port, AdminSessionToken = "refused-token", AutoAdvanceJobs = false });
        time.Advance(TimeSpan.FromSeconds(1));

        // The fake server rejects the unknown template: proof enough that the retried POST arrived, once.
        var error = await Assert.ThrowsAsync<CoderApiException>(() => create.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Single(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Get_429Always_ThrowsRateLimitedWithRetryAfterAndLimits()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.RateLimited(retryAfterSeconds: 1, limit: 512) : null);

        var error = await Assert.ThrowsAsync<CoderRateLimitedException>(() => client.WhoAmIAsync());

        Assert.Equal(TimeSpan.FromSeconds(1), error.RetryAfter);
        Assert.Equal(512, error.RateLimitLimit);
        Assert.Equal(0, error.RateLimitRemaining);
        Assert.NotNull(error.RateLimitReset);
        Assert.Equal(4, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    [Fact]
    public async Task Get_RetryAfter_WaitsTheClampedValueOnTheTimeProvider()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var time = new ManualTimeProvider();
        using var client = TestClients.Create(server, configure: o =>
        {
            o.TimeProvider = time;
            o.Resilience.MaxRetryAfter = TimeSpan.FromSeconds(5);
        });
        server.Faults.Enqueue(FakeFault.RateLimited(retryAfterSeconds: 20), TestClients.IsMe);

        var call = client.WhoAmIAsync();
        await time.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(5)));
        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal("admin", (await call.WaitAsync(TimeSpan.FromSeconds(10))).Username);
        Assert.Equal(2, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    [Fact]
    public async Task Get_RetryAfterBeyondTotalTimeout_SurfacesRateLimitAtOnce()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log, o => o.Resilience.MaxRetryAfter = TimeSpan.FromMinutes(2));
        server.Faults.Enqueue(FakeFault.RateLimited(retryAfterSeconds: 60), TestClients.IsMe);

        var error = await Assert.ThrowsAsync<CoderRateLimitedException>(() => client.WhoAmIAsync());

        Assert.Equal(TimeSpan.FromSeconds(60), error.RetryAfter);
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
        Assert.Contains("total timeout", Assert.Single(log.Named("RetryWithheld")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_TotalTimeoutReached_ThrowsTimeoutRejected()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o =>
        {
            o.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(300);
            o.Resilience.AttemptTimeout = Timeout.InfiniteTimeSpan;
        });
        server.Faults.Enqueue(FakeFault.Slow(TimeSpan.FromSeconds(20)), TestClients.IsMe);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.WhoAmIAsync());
    }

    [Fact]
    public async Task Get_ConcurrencyLimitReached_RefusedWithoutBeingSent()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.Resilience.MaxConcurrentRequests = 1);
        // The first call is held by the server until the test cancels it, so the second one meets a full limit however
        // slow the machine is.
        server.Faults.Enqueue(FakeFault.Slow(TimeSpan.FromMinutes(5)), TestClients.IsMe);
        using var release = new CancellationTokenSource();

        var first = client.WhoAmIAsync(release.Token);
        await server.WaitForRequestsAsync(r => r.RawTarget == "/api/v2/users/me").WaitAsync(TimeSpan.FromSeconds(30));
        var refused = await Assert.ThrowsAsync<CoderConcurrencyLimitExceededException>(() => client.Workspaces.ListAsync());
        await release.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);

        Assert.Equal(1, refused.Limit);
        Assert.DoesNotContain(server.Requests, r => r.RawTarget.StartsWith("/api/v2/workspaces", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_ResilienceDisabled_SentOnce()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.Resilience.Enabled = false);
        server.Faults.Enqueue(FakeFault.Status(503), TestClients.IsMe);

        await Assert.ThrowsAsync<CoderApiException>(() => client.WhoAmIAsync());

        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
    }

    [Fact]
    public async Task Get_CustomPipeline_ReplacesTheBuiltInOne()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var used = 0;
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new Polly.Retry.RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 5,
                Delay = TimeSpan.Zero,
                ShouldHandle = args =>
                {
                    Interlocked.Increment(ref used);
                    var request = args.Context.Properties.GetValue(CoderResilienceKeys.Request, null!);
                    return ValueTask.FromResult(CoderRetryRules.ShouldRetry(request, args.Outcome));
                },
            })
            .Build();
        using var client = TestClients.Create(server, configure: o => o.Resilience.Pipeline = pipeline);
        for (var i = 0; i < 5; i++)
        {
            server.Faults.Enqueue(FakeFault.Status(502), TestClients.IsMe);
        }

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);
        Assert.Equal(6, used);
    }

    [Fact]
    public async Task Stream_MarkedRequest_BypassesAttemptTimeout()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(50));
        server.Faults.Enqueue(FakeFault.Slow(TimeSpan.FromMilliseconds(400)), TestClients.IsMe);

        var probe = new CoderOperation("Test", "ProbeAsync", "probe", "GET", "/api/v2/users/{user}", CoderResponseKind.Stream, "", 0, [200]);
        using var request = new CoderRequest(probe).Path("user", "me").ToHttpRequestMessage(client.BaseUrl, "application/json");
        using var response = await client.Connection.Invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
