using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CoderSdk.Tests.Resilience;

public sealed class DependencyInjectionTests
{
    [Fact]
    public async Task AddCoderClient_ChainedHandler_RunsInsideTheResiliencePipelineOncePerAttempt()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var counter = new CountingHandler();
        var services = new ServiceCollection();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
            TestClients.Shorten(o.Resilience);
        }).AddHttpMessageHandler(() => counter);
        await using var provider = services.BuildServiceProvider();
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Path == "/api/v2/users/me");

        var me = await provider.GetRequiredService<ICoderClient>().Users.GetAsync("me");

        Assert.Equal("admin", me.Username);
        Assert.Equal([1, 2], counter.Attempts);
        Assert.All(counter.Tokens, t => Assert.Equal(server.AdminSessionToken, t));
    }

    [Fact]
    public async Task AddCoderClient_ResilienceDisabled_NoRetry()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var services = new ServiceCollection();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.SessionToken = server.AdminSessionToken;
            o.Resilience.Enabled = false;
        });
        await using var provider = services.BuildServiceProvider();
        server.Faults.Enqueue(FakeFault.Status(503), c => c.Path == "/api/v2/users/me");

        await Assert.ThrowsAsync<CoderApiException>(() => provider.GetRequiredService<ICoderClient>().Users.GetAsync("me"));

        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
    }

    private sealed class CountingHandler : DelegatingHandler
    {
        public List<int> Attempts { get; } = [];

        public List<string> Tokens { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Attempts)
            {
                Attempts.Add(CoderCallState.Find(request)?.Attempt ?? 0);
                Tokens.Add(request.Headers.GetValues("Coder-Session-Token").Single());
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
