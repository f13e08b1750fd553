using System.Net;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Polly.CircuitBreaker;

namespace CoderSdk.Tests.Resilience;

public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task Get_503Burst_OpensCircuitRefusesWithoutSendingThenRecovers()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var time = new ManualTimeProvider();
        var log = new TestLog();
        using var client = TestClients.Create(server, log, o =>
        {
            o.TimeProvider = time;
            o.Resilience.MaxRetries = 0;
            o.Resilience.MinimumThroughput = 10;
            o.Resilience.FailureRatio = 0.5;
        });
        server.Faults.SetPolicy(c => TestClients.IsMe(c) && c.Arrival <= 10 ? FakeFault.Status(503) : null);

        for (var i = 0; i < 10; i++)
        {
            var error = await Assert.ThrowsAsync<CoderApiException>(() => client.WhoAmIAsync());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        }

        var refused = await Assert.ThrowsAsync<BrokenCircuitException>(() => client.WhoAmIAsync());
        Assert.Equal(10, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
        Assert.Equal(TimeSpan.FromSeconds(5), refused.RetryAfter);

        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);

        var opened = Assert.Single(log.Named("CircuitOpened"));
        Assert.Equal("5000", opened["BreakMs"]);
        Assert.Single(log.Named("CircuitHalfOpened"));
        Assert.Single(log.Named("CircuitClosed"));
    }

    [Fact]
    public async Task Post_CircuitOpen_RetriedWhenItHalfOpensBecauseItWasNeverSent()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        var time = new ManualTimeProvider();
        using var client = TestClients.Create(server, configure: o =>
        {
            o.TimeProvider = time;
            o.Resilience.MaxDelay = TimeSpan.FromSeconds(30);
            o.Resilience.MinimumThroughput = 2;
            o.Resilience.FailureRatio = 0.5;
        });
        // Two POSTs answered 503 (never retried, but counted) open the circuit.
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Method == "POST");
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Method == "POST");
        await Assert.ThrowsAsync<CoderApiException>(() => client.CreateWorkspaceAsync("first", server.AnyTemplate()));
        await Assert.ThrowsAsync<CoderApiException>(() => client.CreateWorkspaceAsync("second", server.AnyTemplate()));

        var create = client.CreateWorkspaceAsync("after-break", server.AnyTemplate());
        await time.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(5)));
        Assert.Equal(2, server.Requests.Count(r => r.Method == "POST"));
        time.Advance(TimeSpan.FromSeconds(5));
        await create.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, server.Requests.Count(r => r.Method == "POST"));
        Assert.Contains(server.State.Workspaces, w => w.Name == "after-break");
    }
}
