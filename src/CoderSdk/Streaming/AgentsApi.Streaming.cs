// Hand-written partial: live agent logs and metadata (WebSocket/SSE streams the generator cannot express).
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

public partial interface IAgentsApi
{
    /// <summary>
    /// Follows an agent's start-up log live, reconnecting and resuming after the last delivered line when the
    /// connection breaks. With <see cref="AgentLogFollowMode.UntilStartupCompletes"/> the sequence ends once start-up
    /// has (after one last read, so nothing written before is missed); with <see cref="AgentLogFollowMode.UntilCanceled"/>
    /// it runs until you stop it or the agent shuts down.
    /// </summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="mode">When the sequence ends.</param>
    /// <param name="after">Start after this log line id (0 for the whole log).</param>
    /// <param name="cancellationToken">Stops following and closes the connection.</param>
    /// <returns>The log lines, one at a time (coderd sends them in batches).</returns>
    /// <exception cref="CoderNotFoundException">The agent does not exist or is not visible to the caller.</exception>
    /// <exception cref="CoderStreamException">coderd sent a frame that is not a batch of log lines, or reconnecting kept failing.</exception>
    [CoderWorkflow("GET /api/v2/workspaceagents/{workspaceagent}/logs", "GET /api/v2/workspaceagents/{workspaceagent}")]
    IAsyncEnumerable<WorkspaceAgentLog> FollowLogsAsync(Guid workspaceAgent, AgentLogFollowMode mode = AgentLogFollowMode.UntilCanceled, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches an agent's metadata (the values its metadata scripts report): the current set first, then a new set
    /// whenever values change (coderd sends at most one a second, and at least one every five). Uses
    /// <c>watch-metadata-ws</c>, or the older Server-Sent-Events endpoint when the deployment predates it.
    /// </summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="cancellationToken">Stops watching and closes the connection.</param>
    /// <returns>Each full set of metadata, sorted by key, until you stop.</returns>
    /// <exception cref="CoderNotFoundException">The agent does not exist or is not visible to the caller.</exception>
    /// <exception cref="CoderStreamException">coderd sent an error event or an unreadable frame, or reconnecting kept failing.</exception>
    [CoderWorkflow("GET /api/v2/workspaceagents/{workspaceagent}/watch-metadata-ws", "GET /api/v2/workspaceagents/{workspaceagent}/watch-metadata")]
    IAsyncEnumerable<IReadOnlyList<WorkspaceAgentMetadata>> WatchMetadataAsync(Guid workspaceAgent, CancellationToken cancellationToken = default);
}

internal sealed partial class AgentsApi
{
    public IAsyncEnumerable<WorkspaceAgentLog> FollowLogsAsync(Guid workspaceAgent, AgentLogFollowMode mode = AgentLogFollowMode.UntilCanceled, long after = 0, CancellationToken cancellationToken = default) =>
        AgentLogStream.FollowAsync(Connection, workspaceAgent, mode, after, cancellationToken);

    public IAsyncEnumerable<IReadOnlyList<WorkspaceAgentMetadata>> WatchMetadataAsync(Guid workspaceAgent, CancellationToken cancellationToken = default) =>
        WatchStream.WatchAsync(Connection, new WatchStream.Endpoints(
                () => new CoderRequest(HttpMethod.Get, "/api/v2/workspaceagents/{workspaceagent}/watch-metadata-ws", 200) { IsStream = true }.Path("workspaceagent", workspaceAgent),
                () => WatchStream.SseRequest("/api/v2/workspaceagents/{workspaceagent}/watch-metadata").Path("workspaceagent", workspaceAgent)),
            CoderStreamingJsonContext.Default.IReadOnlyListWorkspaceAgentMetadata, cancellationToken);
}
