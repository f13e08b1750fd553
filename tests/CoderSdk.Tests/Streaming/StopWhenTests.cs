using CoderSdk.Errors;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Pipeline;
using CoderSdk.Streaming;

namespace CoderSdk.Tests.Streaming;

/// <summary>The <see cref="StreamDeclaration{T}.StopWhen"/> side task of a declared stream, over the fake's agent log socket.</summary>
public sealed class StopWhenTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StopWhenReturns_WithoutEnded_ClosesTheSocketAndEndsTheSequence()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "a");
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = AgentLog(agent.Id, token => firstSeen.Task.WaitAsync(token));
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        await foreach (var log in DeclaredStream.RunAsync(env.Client.Connection, stream, cancel.Token))
        {
            received.Add(log.Output);
            firstSeen.TrySetResult();
        }

        Assert.Equal(["a"], received);
        await env.SingleStreamClosedByClientAsync();
    }

    [Fact]
    public async Task StopWhenReturns_EndedSeesStoppedOnlyThen()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "a");
        // The first connection is closed by the server after its backlog; the second delivers "b", then the side task stops the stream.
        env.Server.Streams.Enqueue(CoderSdk.Testing.FakeStreamFault.Close(1, pathContains: "/workspaceagents/"));
        env.Server.Streams.Opened += _ =>
        {
            if (env.Server.Streams.History.Count == 2)
            {
                env.State.AppendAgentLogs(agent.Id, "b");
            }
        };
        var secondSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new List<bool>();
        var stream = AgentLog(agent.Id, token => secondSeen.Task.WaitAsync(token), (end, _) =>
        {
            stopped.Add(end.Stopped);
            return end.Stopped ? ValueTask.CompletedTask : throw end.Interruption("closed");
        });
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        await foreach (var log in DeclaredStream.RunAsync(env.Client.Connection, stream, cancel.Token))
        {
            received.Add(log.Output);
            if (log.Output == "b")
            {
                secondSeen.TrySetResult();
            }
        }

        Assert.Equal(["a", "b"], received);
        Assert.Equal([false, true], stopped);
        Assert.Equal(2, env.Server.Streams.History.Count);
    }

    [Fact]
    public async Task StopWhenThrows_EndsTheStreamWithThatException()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        env.State.AppendAgentLogs(agent.Id, "a");
        var firstSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = AgentLog(agent.Id, async token =>
        {
            await firstSeen.Task.WaitAsync(token);
            throw new InvalidOperationException("the side task failed");
        });
        using var cancel = new CancellationTokenSource(Patience);
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var log in DeclaredStream.RunAsync(env.Client.Connection, stream, cancel.Token))
            {
                received.Add(log.Output);
                firstSeen.TrySetResult();
            }
        });

        Assert.Equal("the side task failed", error.Message);
        Assert.Equal(["a"], received);
        Assert.Single(env.Server.Streams.History);
    }

    [Fact]
    public async Task StopWhenThrowsATransientException_EndsTheStreamWithItInsteadOfReconnecting()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        var thrown = new CoderStreamInterruptedException("the side task lost its connection");
        var stream = AgentLog(agent.Id, _ => Task.FromException(thrown), (end, _) => throw end.Interruption("closed"));
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<CoderStreamInterruptedException>(async () =>
        {
            await foreach (var log in DeclaredStream.RunAsync(env.Client.Connection, stream, cancel.Token))
            {
            }
        });

        Assert.Same(thrown, error);
        Assert.True(env.Server.Streams.History.Count <= 1, "a failed side task must not reconnect the stream");
    }

    /// <summary>The agent log socket as a bare declaration with the given side task and end check.</summary>
    private static StreamDeclaration<WorkspaceAgentLog> AgentLog(Guid agent, Func<CancellationToken, Task> stopWhen, Func<StreamEnd<WorkspaceAgentLog>, CancellationToken, ValueTask>? ended = null) => new()
    {
        Format = StreamFrameFormat.Array,
        Resume = StreamResume.AfterId,
        Item = CoderJsonContext.Default.WorkspaceAgentLog,
        Items = CoderJsonContext.Default.WorkspaceAgentLogList,
        Id = log => log.Id,
        WebSocket = lastId => CoderStreamHandshakes.AgentsGetLogs(agent).QueryFlag("follow").Query("after", lastId),
        StopWhen = stopWhen,
        Ended = ended,
    };
}
