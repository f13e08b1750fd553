using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>
/// Follows a workspace agent's log (<c>GET /api/v2/workspaceagents/{id}/logs?follow&amp;after=N</c>): each frame is a JSON
/// array of <see cref="WorkspaceAgentLog"/> (the first may be <c>[]</c>), flattened into one sequence. coderd does not
/// end the stream when start-up finishes, so the caller picks the mode; either way a final plain read after the
/// follow ends picks up anything the socket had not delivered yet.
/// </summary>
internal static class AgentLogStream
{
    /// <summary>What an early close of the follow is reported as.</summary>
    private const string ClosedMessage = "coderd closed the agent log stream";

    /// <summary>Follows the log of <paramref name="agentId"/> from after the id <paramref name="after"/>, ending as <paramref name="mode"/> says.</summary>
    public static IAsyncEnumerable<WorkspaceAgentLog> FollowAsync(CoderConnection connection, Guid agentId, AgentLogFollowMode mode, long after, CancellationToken cancellationToken) =>
        DeclaredStream.RunAsync(connection, Declare(connection, agentId, mode), cancellationToken, after);

    /// <summary>
    /// An agent log as a declared stream: arrays resumed with <c>after=</c>. In <see cref="AgentLogFollowMode.UntilStartupCompletes"/>
    /// mode a side task ends the follow once start-up has finished; in <see cref="AgentLogFollowMode.UntilCanceled"/> mode
    /// an end of the connection is final only when the agent has shut down. A final end reads the rest of the log plainly.
    /// </summary>
    private static StreamDeclaration<WorkspaceAgentLog> Declare(CoderConnection connection, Guid agentId, AgentLogFollowMode mode) => new()
    {
        Format = StreamFrameFormat.Array,
        Resume = StreamResume.AfterId,
        Item = CoderJsonContext.Default.WorkspaceAgentLog,
        Items = CoderJsonContext.Default.WorkspaceAgentLogList,
        Id = log => log.Id,
        WebSocket = lastId => CoderStreamHandshakes.AgentsGetLogs(agentId).QueryFlag("follow").Query("after", lastId),
        StopWhen = mode == AgentLogFollowMode.UntilStartupCompletes ? token => WaitForStartupAsync(connection, agentId, token) : null,
        Ended = async (end, token) =>
        {
            // coderd ends the follow once the agent is no longer part of the workspace's latest build; after a
            // shut-down nothing more can be written, anything else is a broken connection to resume.
            if (!end.Stopped && (mode != AgentLogFollowMode.UntilCanceled || !await IsShutDownAsync(connection, agentId, token).ConfigureAwait(false)))
            {
                throw end.Interruption(ClosedMessage);
            }

            var rest = await connection.Api<IAgentsApi>().GetLogsAsync(agentId, after: end.LastId, cancellationToken: token).ConfigureAwait(false);
            await end.DeliverAsync(rest, token).ConfigureAwait(false);
        },
        ClosedMessage = ClosedMessage,
    };

    /// <summary>
    /// Re-reads the agent every <see cref="CoderStreamOptions.AgentLifecyclePollInterval"/> (on the client's clock) and
    /// returns once its lifecycle has left <c>created</c>/<c>starting</c>. A transient failure is tried again at the next
    /// tick (the log stream itself reports a lasting outage); any other ends the stream.
    /// </summary>
    private static async Task WaitForStartupAsync(CoderConnection connection, Guid agentId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (!IsStarting(await ReadLifecycleAsync(connection, agentId, cancellationToken).ConfigureAwait(false)))
                {
                    return;
                }
            }
            catch (Exception ex) when (StreamReconnector.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                // Try again at the next tick.
            }

            await Task.Delay(connection.StreamOptions.AgentLifecyclePollInterval, connection.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the agent and tells whether it has shut down (<c>off</c>, <c>shutdown_error</c>, <c>shutdown_timeout</c>).</summary>
    private static async Task<bool> IsShutDownAsync(CoderConnection connection, Guid agentId, CancellationToken cancellationToken)
    {
        var state = await ReadLifecycleAsync(connection, agentId, cancellationToken).ConfigureAwait(false);
        return state == WorkspaceAgentLifecycle.Off || state == WorkspaceAgentLifecycle.ShutdownError || state == WorkspaceAgentLifecycle.ShutdownTimeout;
    }

    /// <summary>The agent's lifecycle state, read through the agents area.</summary>
    private static async Task<WorkspaceAgentLifecycle> ReadLifecycleAsync(CoderConnection connection, Guid agentId, CancellationToken cancellationToken) =>
        (await connection.Api<IAgentsApi>().GetAsync(agentId, cancellationToken).ConfigureAwait(false)).LifecycleState;

    /// <summary>True while the agent has not finished start-up.</summary>
    private static bool IsStarting(WorkspaceAgentLifecycle state) =>
        state == WorkspaceAgentLifecycle.Created || state == WorkspaceAgentLifecycle.Starting;
}
