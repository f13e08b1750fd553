using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Streaming;

/// <summary>A fake coderd and a client tuned for tests: reconnect delays in milliseconds, short timeouts.</summary>
internal sealed class FakeEnvironment : IAsyncDisposable
{
    private FakeEnvironment(FakeCoderServer server, CoderClient client)
    {
        Server = server;
        Client = client;
    }

    public FakeCoderServer Server { get; }

    public CoderClient Client { get; }

    public FakeCoderState State => Server.State;

    public static async Task<FakeEnvironment> StartAsync(Action<FakeCoderServerOptions>? server = null, Action<CoderStreamOptions>? streams = null, Action<CoderClientOptions>? client = null)
    {
        var serverOptions = new FakeCoderServerOptions { AutoAdvanceJobs = false, SeedDemoData = false, JobStepDelay = TimeSpan.FromMilliseconds(5) };
        server?.Invoke(serverOptions);
        var fake = await FakeCoderServer.StartAsync(serverOptions);
        var options = new CoderClientOptions { BaseUrl = fake.BaseUrl, SessionToken = fake.AdminSessionToken };
        options.Streaming.ReconnectBaseDelay = TimeSpan.FromMilliseconds(5);
        options.Streaming.ReconnectMaxDelay = TimeSpan.FromMilliseconds(50);
        options.Streaming.ConnectTimeout = TimeSpan.FromSeconds(10);
        options.Streaming.IdleTimeout = TimeSpan.FromSeconds(10);
        options.Streaming.CloseTimeout = TimeSpan.FromMilliseconds(500);
        options.Streaming.AgentLifecyclePollInterval = TimeSpan.FromMilliseconds(20);
        streams?.Invoke(options.Streaming);
        client?.Invoke(options);
        return new FakeEnvironment(fake, new CoderClient(options));
    }

    /// <summary>
    /// Waits (bounded by <paramref name="patience"/>, 30 s by default) until the <paramref name="nth"/> stream whose
    /// path contains <paramref name="path"/> listens to its source, so what a test publishes next reaches it.
    /// </summary>
    public async Task<FakeStreamRecord> SubscribedAsync(string path, int nth = 1, TimeSpan? patience = null)
    {
        var wait = patience ?? TimeSpan.FromSeconds(30);
        var found = new TaskCompletionSource<FakeStreamRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(FakeStreamRecord? _ = null)
        {
            if (Server.Streams.History.Where(s => s.Path.Contains(path, StringComparison.Ordinal)).ElementAtOrDefault(nth - 1) is { } record)
            {
                found.TrySetResult(record);
            }
        }

        Server.Streams.Opened += Check;
        try
        {
            Check();
            var stream = await found.Task.WaitAsync(wait);
            await stream.Subscribed.WaitAsync(wait);
            return stream;
        }
        finally
        {
            Server.Streams.Opened -= Check;
        }
    }

    /// <summary>Asserts that exactly one stream was opened and that the client closed it with 1000 (waiting 30 s at most for its end).</summary>
    public async Task<FakeStreamRecord> SingleStreamClosedByClientAsync()
    {
        var stream = Assert.Single(Server.Streams.History);
        await stream.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("client-close", stream.EndedBy);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, stream.ClientCloseStatus);
        return stream;
    }

    /// <summary>A workspace of the admin with its first build queued (pending, since jobs do not advance on their own).</summary>
    public (FakeWorkspace Workspace, FakeBuild Build) CreateWorkspace(string name = "dev")
    {
        var template = State.Templates.FirstOrDefault() ?? State.AddTemplate("docker", "Docker Containers");
        return State.CreateWorkspace(State.Admin, template, name);
    }

    /// <summary>A workspace whose first build is running and has written <paramref name="lines"/> (stage <c>Applying</c>).</summary>
    public FakeBuild CreateRunningBuild(params IEnumerable<string> lines)
    {
        var (_, build) = CreateWorkspace();
        State.AdvanceJob(build.JobId);
        foreach (var line in lines)
        {
            State.AppendLog(build.JobId, "Applying", line);
        }

        return build;
    }

    /// <summary><paramref name="count"/> lines <c>line 0</c>, <c>line 1</c>, ...</summary>
    public static IEnumerable<string> Lines(int count) => Enumerable.Range(0, count).Select(i => $"line {i}");

    /// <summary>A workspace whose first build has succeeded, with one agent in <paramref name="lifecycle"/>.</summary>
    public (FakeWorkspace Workspace, FakeBuild Build, FakeAgent Agent) CreateStartedWorkspace(string name = "dev", string lifecycle = "ready")
    {
        var (workspace, build) = CreateWorkspace(name);
        State.AdvanceJob(build.JobId);
        State.AdvanceJob(build.JobId);
        var agent = State.AgentsOf(build).Single();
        if (lifecycle != "created")
        {
            State.SetAgentLifecycle(agent.Id, lifecycle);
        }

        return (workspace, build, agent);
    }

    /// <summary>Follows a build's log to its end (30 s at most), collecting each line, and returns how it ended.</summary>
    public async Task<(List<string> Received, Exception? Error)> FollowBuildUntilEndAsync(Guid buildId)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<string>();
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var line in Client.Streams.FollowBuildLogsAsync(buildId, cancellationToken: cancel.Token))
            {
                received.Add(line.Output);
            }
        });

        return (received, error);
    }

    /// <summary>Watches a workspace until the watch fails (30 s at most), announcing a change after each snapshot; returns how many arrived and the failure.</summary>
    public async Task<(int Seen, Exception? Error)> WatchUntilEndAsync(Guid workspaceId)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = 0;
        var error = await Record.ExceptionAsync(async () =>
        {
            await foreach (var snapshot in Client.Streams.WatchWorkspaceAsync(workspaceId, cancel.Token))
            {
                seen++;
                State.NotifyWorkspaceChanged(workspaceId);
            }
        });

        return (seen, error);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
