using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Streaming;
using CoderSdk.Versions;

namespace CoderSdk.Tests.Versions;

/// <summary>
/// Streams are judged by the same release data as the area methods: the generated table carries each stream route's
/// first release, the handshake's 404 from a server older than that is <see cref="CoderNotSupportedException"/> (once,
/// with no reconnect), and <see cref="ICoderClient.CheckSupportAsync"/> answers for stream methods too. Over real
/// WebSocket and SSE handshakes against the fake server claiming an older release.
/// </summary>
public sealed class StreamVersionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>A fake claiming <paramref name="version"/> and hiding the routes that release lacks; <paramref name="later"/> gets a first release of v2.29.0 on both sides.</summary>
    private static async Task<FakeEnvironment> Claiming(string version, CoderOperation? later = null)
    {
        var env = await FakeEnvironment.StartAsync(server: o =>
        {
            o.Version = version;
            o.RestrictToVersion = true;
            o.OperationMap = later is null ? null : api => ReferenceEquals(api.Operation, later) ? new CoderApiOperation(later with { Since = "v2.29.0" }) : api;
        });
        if (later is not null)
        {
            ServerVersionClientTests.Gate(env.Client, later, since: "v2.29.0");
        }

        return env;
    }

    /// <summary>Requests whose path, without the query, is <paramref name="path"/>.</summary>
    private static int Requests(FakeCoderServer server, string path) =>
        server.Requests.Count(r => r.RawTarget.Split('?')[0] == path);

    private static async Task<List<T>> Drain<T>(IAsyncEnumerable<T> stream)
    {
        var items = new List<T>();
        await foreach (var item in stream)
        {
            items.Add(item);
        }

        return items;
    }

    [Fact]
    public void Table_StreamMethods_CarryTheirRoutesFirstRelease()
    {
        var watch = CoderApiOperation.Get<ICoderStreams>(nameof(ICoderStreams.WatchChatsAsync));
        var parts = CoderApiOperation.Get<ICoderStreams>(nameof(ICoderStreams.StreamChatPartsAsync));
        var containers = CoderApiOperation.Get<ICoderStreams>(nameof(ICoderStreams.WatchAgentContainersAsync));
        var workspaceWatch = CoderApiOperation.Get<ICoderStreams>(nameof(ICoderStreams.WatchWorkspaceAsync));

        Assert.True(watch.IsStream);
        Assert.Equal("/api/experimental/chats/watch", watch.Route);
        Assert.Equal(CoderServerVersion.Parse("v2.34.3"), watch.IntroducedIn);
        Assert.Equal(CoderServerVersion.Parse("v2.36.0"), parts.IntroducedIn);
        Assert.Equal(CoderServerVersion.Parse("v2.29.0"), containers.IntroducedIn);
        Assert.Equal("/api/v2/workspaces/{workspace}/watch-ws", workspaceWatch.Route);
        Assert.Null(workspaceWatch.IntroducedIn);
        Assert.False(CoderApiOperation.Get<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync)).IsStream);
        Assert.Equal(2, CoderApiOperation.All.Count(o => o.IsStream && o.Name == "Streams.WatchWorkspaceAsync"));
    }

    [Fact]
    public async Task WebSocketStream_ServerOlderThanTheRoute_NotSupportedAtTheHandshakeWithoutReconnecting()
    {
        await using var env = await Claiming("v2.29.0");
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => Drain(env.Client.Streams.WatchChatsAsync(cancel.Token)));

        Assert.Equal("Streams.WatchChatsAsync", error.OperationName);
        Assert.Equal(CoderServerVersion.Parse("v2.34.3"), error.IntroducedIn);
        Assert.Equal("v2.29.0", error.ServerVersion.Text);
        Assert.StartsWith("Streams.WatchChatsAsync (GET /api/experimental/chats/watch) is not available on this deployment: it was introduced in coderd v2.34.3 and the server runs v2.29.0", error.Message);
        Assert.Equal(1, Requests(env.Server, "/api/experimental/chats/watch"));
    }

    [Fact]
    public async Task WebSocketStream_ServerHasTheRoute_Streams()
    {
        await using var env = await Claiming("v2.29.0");
        var (_, _, agent) = env.CreateStartedWorkspace();
        env.Server.Live.SetContainers(agent.Id, "db");
        using var cancel = new CancellationTokenSource(Patience);

        var support = await env.Client.CheckSupportAsync<ICoderStreams>(nameof(ICoderStreams.WatchAgentContainersAsync), cancel.Token);
        await using var watch = env.Client.Streams.WatchAgentContainersAsync(agent.Id, cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(["db"], watch.Current.Containers.Select(c => c.Name));
    }

    [Fact]
    public async Task CheckSupport_StreamNewerThanTheServer_NotSupportedBeforeAnyStreamRequest()
    {
        await using var env = await Claiming("v2.34.3");

        var parts = await env.Client.CheckSupportAsync<ICoderStreams>(nameof(ICoderStreams.StreamChatPartsAsync));
        var watch = await env.Client.CheckSupportAsync<ICoderStreams>(nameof(ICoderStreams.WatchChatsAsync));

        Assert.Equal(CoderSupportStatus.NotSupported, parts.Status);
        Assert.Equal("Streams.StreamChatPartsAsync was introduced in coderd v2.36.0 and the server runs v2.34.3", parts.Reason);
        Assert.Equal(CoderSupportStatus.Supported, watch.Status);
        Assert.Equal(["/api/v2/buildinfo"], env.Server.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task SseStream_ServerOlderThanTheRoute_NotSupported()
    {
        // The reinit route is in every supported release; the test gives it a later first release on both sides.
        await using var env = await Claiming("v2.24.0", later: CoderOperations.StreamWatchReinitialization);
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => Drain(env.Client.Streams.WatchReinitializationAsync(wait: true, cancel.Token)));

        Assert.Equal("Streams.WatchReinitializationAsync", error.OperationName);
        Assert.Equal("v2.24.0", error.ServerVersion.Text);
        Assert.Equal(1, Requests(env.Server, "/api/v2/workspaceagents/me/reinit"));
    }

    [Fact]
    public async Task WebSocketRouteNewerThanTheServer_FallsBackToServerSentEvents()
    {
        // A server whose release lacks the WebSocket route of a watch still has its SSE route: the watch goes on over SSE.
        await using var env = await Claiming("v2.24.0", later: CoderOperations.StreamWatchWorkspace);
        var (workspace, _) = env.CreateWorkspace("dev");
        using var cancel = new CancellationTokenSource(Patience);

        await using var watch = env.Client.Streams.WatchWorkspaceAsync(workspace.Id, cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(workspace.Id, watch.Current.Id);
        Assert.Equal(1, Requests(env.Server, $"/api/v2/workspaces/{workspace.Id}/watch-ws"));
        Assert.Equal(1, Requests(env.Server, $"/api/v2/workspaces/{workspace.Id}/watch"));
    }
}
