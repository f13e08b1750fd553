using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Xunit.Abstractions;

namespace CoderSdk.Tests.Resilience;

/// <summary>The issue's two figures: idempotent calls ride out transient faults; creates are never duplicated.</summary>
public sealed class FaultLoadTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ListWorkspaces_ThousandCallsWith30PercentTransientFaults_AllSucceed()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log, o =>
        {
            // 30% of first attempts fail by design; at the default ratio of 0.1 the breaker would (rightly) open.
            o.Resilience.FailureRatio = 0.5;
        });

        // Call n is GET /api/v2/workspaces?offset=n. Calls with n % 10 < 3 (30%) fail their first attempt with a reset,
        // a 503 or a 429 with Retry-After; calls with n % 10 == 0 fail their second attempt too.
        server.Faults.SetPolicy(c =>
        {
            if (c.Path != "/api/v2/workspaces" || !TryOffset(c.RawTarget, out var n) || n % 10 >= 3 || c.Arrival > (n % 10 == 0 ? 2 : 1))
            {
                return null;
            }

            return (((n / 10) + c.Arrival) % 3) switch
            {
                0 => FakeFault.Reset(),
                1 => FakeFault.Status(503),
                _ => FakeFault.RateLimited(retryAfterSeconds: 1),
            };
        });

        var clock = Stopwatch.StartNew();
        var failures = new ConcurrentBag<Exception>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (n, ct) =>
        {
            try
            {
                await client.ListWorkspacesAsync(n, ct);
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        });
        clock.Stop();

        var injected = server.Faults.Records.Where(r => r.Fault is not null).ToList();
        var retries = log.Named("RetryScheduled").Count();
        var arrivals = server.Requests.Count(r => r.RawTarget.StartsWith("/api/v2/workspaces?", StringComparison.Ordinal));
        output.WriteLine($"1000 calls in {clock.ElapsedMilliseconds} ms: {1000 - failures.Count} succeeded, {failures.Count} failed; " +
            $"{injected.Count} faults injected ({string.Join(", ", injected.GroupBy(r => r.Fault!.ToString()).Select(g => $"{g.Count()} {g.Key}"))}); " +
            $"{retries} retries made; {arrivals} requests reached the server.");

        Assert.Empty(failures);
        Assert.Equal(400, injected.Count);
        Assert.Equal(injected.Count, retries);
        Assert.Equal(1000 + retries, arrivals);
    }

    [Fact]
    public async Task CreateWorkspace_TwoHundredCreatesWithFaultsAfterTheServerActed_NoDuplicateAndTypedFailures()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        var log = new TestLog();
        using var client = TestClients.Create(server, log, o =>
        {
            o.Resilience.AttemptTimeout = TimeSpan.FromMilliseconds(750);
            // Half the creates fail on purpose; at the default ratio the breaker would refuse most of them before they
            // reach the faults under test (the breaker has its own tests).
            o.Resilience.FailureRatio = 0.9;
        });
        var template = server.AnyTemplate();
        var before = server.State.WorkspacesCreated;

        // Every POST arrival i gets, by i % 10: a reset, a clean close, a cut-short body, a 502, or a stall past the attempt
        // timeout, all after the endpoint created the workspace; or a 429 before it ran (the one case safe to retry).
        var posts = 0;
        server.Faults.SetPolicy(c => c.Method != "POST" ? null : (Interlocked.Increment(ref posts) % 10) switch
        {
            0 => FakeFault.ResetAfterActing(),
            1 => FakeFault.CloseAfterActing(),
            2 => FakeFault.TruncatedBody(),
            3 => FakeFault.StatusAfterActing(502),
            4 => FakeFault.RateLimited(retryAfterSeconds: 1),
            5 => FakeFault.SlowAfterActing(TimeSpan.FromSeconds(30)),
            _ => null,
        });

        var outcomes = new ConcurrentDictionary<string, Exception?>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 200), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var name = "ws-" + n.ToString(CultureInfo.InvariantCulture);
            try
            {
                await client.CreateWorkspaceAsync(name, template, ct);
                outcomes[name] = null;
            }
            catch (Exception ex)
            {
                TokenLeakAudit.Global.Scan(ex);
                outcomes[name] = ex;
            }
        });

        var endpointRuns = server.Faults.Records.Where(r => r.Method == "POST" && r.EndpointRan).ToList();
        var duplicates = endpointRuns.Count(r => r.EndpointStatus == 409);
        var created = server.State.WorkspacesCreated - before;
        var existing = server.State.Workspaces.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var failures = outcomes.Where(o => o.Value is not null).ToList();
        output.WriteLine($"200 creates: {outcomes.Values.Count(e => e is null)} succeeded, " +
            $"{string.Join(", ", failures.GroupBy(o => o.Value!.GetType().Name).Select(g => $"{g.Count()} {g.Key}"))}; " +
            $"{log.Named("RetryScheduled").Count()} retries (after 429 or an open circuit, never after a fault that followed the endpoint); " +
            $"{created} workspaces created; {duplicates} duplicate creations; " +
            $"{failures.Count(f => f.Value is CoderOutcomeUnknownException && existing.Contains(f.Key))} of the outcome-unknown creates had in fact happened.");

        // No create reached the endpoint twice, and every creation came from exactly one endpoint run.
        Assert.Equal(0, duplicates);
        Assert.Equal(created, endpointRuns.Count(r => r.EndpointStatus == 201));
        Assert.NotEmpty(failures);
        foreach (var (name, error) in outcomes)
        {
            switch (error)
            {
                case null:
                    Assert.True(existing.Contains(name), $"{name} succeeded but does not exist");
                    break;
                case CoderOutcomeUnknownException:
                case CoderApiException { StatusCode: System.Net.HttpStatusCode.BadGateway }:
                    // The typed "may have happened" answers: the caller must look before repeating.
                    break;
                case CoderInvalidResponseException { StatusCode: System.Net.HttpStatusCode.Created }:
                    // The status arrived before the body broke off: a known creation.
                    Assert.True(existing.Contains(name), $"{name} answered 201 but does not exist");
                    break;
                case CoderRateLimitedException:
                case Polly.CircuitBreaker.BrokenCircuitException:
                    // The typed "did not happen" answers: the request never ran.
                    Assert.False(existing.Contains(name), $"{name} failed with {error.GetType().Name} but was created");
                    break;
                default:
                    Assert.Fail($"unexpected failure for {name}: {error.GetType().Name}: {error.Message}");
                    break;
            }
        }

        Assert.All(log.Named("RetryScheduled"), r => Assert.Matches("^(429|BrokenCircuitException)", r["Reason"]));
    }

    private static bool TryOffset(string target, out int offset)
    {
        offset = 0;
        var at = target.IndexOf("offset=", StringComparison.Ordinal);
        return at >= 0 && int.TryParse(target.AsSpan(at + "offset=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out offset);
    }
}
