using CoderSdk.Apis;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Pipeline;
using CoderSdk.Terminal;

namespace CoderSdk.Streaming;

/// <summary>
/// <see cref="ICoderStreams"/> over one client's connection: each method names its stream's declaration (routes,
/// frames, reconnect rule) and hands it to the engine that runs that kind of stream.
/// </summary>
internal sealed class CoderStreamsClient(CoderConnection connection) : ICoderStreams
{
    /// <inheritdoc />
    public IAsyncEnumerable<ProvisionerJobLog> FollowBuildLogsAsync(Guid workspaceBuild, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(connection, new ProvisionerLogStream.Source(
                () => CoderStreamHandshakes.BuildsGetLogs(workspaceBuild),
                (after, token) => connection.Api<IBuildsApi>().GetLogsAsync(workspaceBuild, after: after, cancellationToken: token),
                async token => (await connection.Api<IBuildsApi>().GetAsync(workspaceBuild, token).ConfigureAwait(false)).Job),
            after, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ProvisionerJobLog> FollowTemplateVersionLogsAsync(Guid templateVersion, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(connection, new ProvisionerLogStream.Source(
                () => CoderStreamHandshakes.TemplatesGetVersionLogs(templateVersion),
                (after, token) => connection.Api<ITemplatesApi>().GetVersionLogsAsync(templateVersion, after: after, cancellationToken: token),
                async token => (await connection.Api<ITemplatesApi>().GetVersionAsync(templateVersion, token).ConfigureAwait(false)).Job),
            after, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ProvisionerJobLog> FollowDryRunLogsAsync(Guid templateVersion, Guid jobId, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(connection, new ProvisionerLogStream.Source(
                () => CoderStreamHandshakes.TemplatesGetVersionDryRunLogs(templateVersion, jobId),
                (after, token) => connection.Api<ITemplatesApi>().GetVersionDryRunLogsAsync(templateVersion, jobId, after: after, cancellationToken: token),
                token => connection.Api<ITemplatesApi>().GetVersionDryRunAsync(templateVersion, jobId, token)),
            after, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WorkspaceAgentLog> FollowAgentLogsAsync(Guid workspaceAgent, AgentLogFollowMode mode = AgentLogFollowMode.UntilCanceled, long after = 0, CancellationToken cancellationToken = default) =>
        AgentLogStream.FollowAsync(connection, workspaceAgent, mode, after, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<Workspace> WatchWorkspaceAsync(Guid workspace, CancellationToken cancellationToken = default) =>
        WatchStream.WatchAsync(connection,
            _ => CoderStreamHandshakes.StreamWatchWorkspace(workspace),
            _ => CoderStreamHandshakes.StreamWatchWorkspaceSse(workspace),
            CoderJsonContext.Default.Workspace, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<IReadOnlyList<WorkspaceAgentMetadata>> WatchAgentMetadataAsync(Guid workspaceAgent, CancellationToken cancellationToken = default) =>
        WatchStream.WatchAsync(connection,
            _ => CoderStreamHandshakes.StreamWatchAgentMetadata(workspaceAgent),
            _ => CoderStreamHandshakes.StreamWatchAgentMetadataSse(workspaceAgent),
            CoderStreamingJsonContext.Default.IReadOnlyListWorkspaceAgentMetadata, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WorkspaceAgentListContainersResponse> WatchAgentContainersAsync(Guid workspaceAgent, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.Containers(workspaceAgent), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ReinitializationEvent> WatchReinitializationAsync(bool wait = false, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.Reinitialization(wait), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WorkspaceBuildUpdate> WatchAllBuildsAsync(CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.AllBuilds(), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ConnectionWatchEvent> WatchAgentConnectionsAsync(Guid workspace, string? agentName = null, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.AgentConnections(workspace, agentName), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<GetInboxNotificationResponse> WatchInboxAsync(IEnumerable<Guid>? targets = null, IEnumerable<Guid>? templates = null, string? readStatus = null, string? format = null, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.Inbox(targets, templates, readStatus, format), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatWatchEvent> WatchChatsAsync(CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.ChatEvents(), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatStreamEvent> StreamChatAsync(Guid chat, long afterMessageId = 0, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.ChatStream(chat, partsOnly: false), cancellationToken, afterMessageId);

    /// <inheritdoc />
    public IAsyncEnumerable<ChatStreamEvent> StreamChatPartsAsync(Guid chat, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.ChatStream(chat, partsOnly: true), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<WorkspaceAgentGitServerMessage> WatchChatGitAsync(Guid chat, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(connection, CoderStreams.ChatGit(chat), cancellationToken);

    /// <inheritdoc />
    public async Task<IDynamicParametersSession> OpenDynamicParametersAsync(Guid templateVersion, Guid? ownerId = null, CancellationToken cancellationToken = default)
    {
        var session = await DeclaredSession<DynamicParametersRequest, DynamicParametersResponse>.OpenAsync(
            connection, CoderStreams.DynamicParameters(templateVersion, ownerId), CoderJsonContext.Default.DynamicParametersRequest, cancellationToken).ConfigureAwait(false);
        return new DynamicParametersSession(session);
    }

    /// <inheritdoc />
    public async Task<ICoderTerminal> OpenTerminalAsync(Guid workspaceAgent, CoderTerminalOptions? options = null, CancellationToken cancellationToken = default) =>
        await CoderTerminal.OpenAsync(connection, workspaceAgent, options ?? new CoderTerminalOptions(), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public Task<CoderCommandResult> RunCommandAsync(Guid workspaceAgent, string command, CoderCommandOptions? options = null, CancellationToken cancellationToken = default) =>
        CommandRunner.RunAsync(connection, workspaceAgent, command, options ?? new CoderCommandOptions(), cancellationToken);
}
