using CoderSdk.Auth;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Auth;

public sealed class RefreshTests
{
    private const string StaleToken = "stale-session-token-0001";

    [Fact]
    public async Task Get_401WithRefreshingProvider_RetriesOnceWithTheNewTokenAndSucceeds()
    {
        await using var server = await FakeCoderServer.StartAsync();
        TokenLeakAudit.Global.Watch(StaleToken);
        var current = new CoderSessionToken(StaleToken);
        var refreshes = 0;
        var provider = new CoderCallbackTokenProvider(
            _ => ValueTask.FromResult<CoderSessionToken?>(current),
            (rejected, _) =>
            {
                Interlocked.Increment(ref refreshes);
                Assert.Equal(new CoderSessionToken(StaleToken), rejected);
                current = new CoderSessionToken(server.AdminSessionToken);
                return ValueTask.FromResult<CoderSessionToken?>(current);
            });
        using var client = TestClients.Create(server, configure: o => o.TokenProvider = provider);

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);

        var sent = server.Requests.Where(r => r.RawTarget == "/api/v2/users/me").Select(r => r.Headers[CoderCredentialStep.SessionTokenHeader]).ToList();
        Assert.Equal([StaleToken, server.AdminSessionToken], sent);
        Assert.Equal(1, refreshes);
    }

    [Fact]
    public async Task Get_401WithoutProvider_ThrowsUnauthorizedWithoutRetry()
    {
        await using var server = await FakeCoderServer.StartAsync();
        TokenLeakAudit.Global.Watch(StaleToken);
        using var client = TestClients.Create(server, configure: o => o.SessionToken = StaleToken);

        var error = await Assert.ThrowsAsync<CoderUnauthorizedException>(() => client.WhoAmIAsync());

        Assert.Contains("API key is invalid", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
    }

    [Fact]
    public async Task Get_401AndRefreshHasNothingNew_ThrowsUnauthorizedAfterOneRequest()
    {
        await using var server = await FakeCoderServer.StartAsync();
        TokenLeakAudit.Global.Watch(StaleToken);
        var provider = new CoderCallbackTokenProvider(
            _ => ValueTask.FromResult<CoderSessionToken?>(new CoderSessionToken(StaleToken)),
            (_, _) => ValueTask.FromResult<CoderSessionToken?>(null));
        using var client = TestClients.Create(server, configure: o => o.TokenProvider = provider);

        await Assert.ThrowsAsync<CoderUnauthorizedException>(() => client.WhoAmIAsync());

        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
    }

    [Fact]
    public async Task Get_ConcurrentRequestsRejectedTogether_ShareOneRefresh()
    {
        await using var server = await FakeCoderServer.StartAsync();
        TokenLeakAudit.Global.Watch(StaleToken);
        var refreshes = 0;
        var provider = new CoderCallbackTokenProvider(
            _ => ValueTask.FromResult<CoderSessionToken?>(new CoderSessionToken(StaleToken)),
            async (_, ct) =>
            {
                Interlocked.Increment(ref refreshes);
                await Task.Yield();
                return new CoderSessionToken(server.AdminSessionToken);
            });
        using var client = TestClients.Create(server, configure: o => o.TokenProvider = provider);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.WhoAmIAsync()));

        Assert.Equal(1, refreshes);
    }
}
