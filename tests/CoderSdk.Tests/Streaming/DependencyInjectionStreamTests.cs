using Microsoft.Extensions.DependencyInjection;

namespace CoderSdk.Tests.Streaming;

public sealed class DependencyInjectionStreamTests
{
    [Fact]
    public async Task FollowLogsAndWatch_ClientFromDependencyInjection_StreamThroughTheFactorysHttpClient()
    {
        await using var env = await FakeEnvironment.StartAsync();
        env.Server.Streams.WebSocketWatchEnabled = false;
        var services = new ServiceCollection();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = env.Server.BaseUrl;
            o.SessionToken = env.Server.AdminSessionToken;
            o.Streaming.ReconnectBaseDelay = TimeSpan.FromMilliseconds(5);
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<ICoderClient>();
        var (workspace, build, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var lines = await client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token).ToListAsync(cancel.Token);
        var snapshot = await client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token).FirstAsync(cancel.Token);

        Assert.Empty(lines);
        Assert.Equal(workspace.Id, snapshot.Id);
        Assert.Equal(["websocket", "sse"], env.Server.Streams.History.Select(s => s.Kind));
        Assert.All(env.Server.Requests, r => Assert.Equal(env.Server.AdminSessionToken, r.Headers["Coder-Session-Token"]));
    }
}
