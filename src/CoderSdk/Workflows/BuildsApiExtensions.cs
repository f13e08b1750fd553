// Hand-written workflows over the generated IBuildsApi: following a build's log live and waiting for it to finish.
// Cancelling is the generated IBuildsApi.CancelAsync; creating is IBuildsApi.CreateAsync (or the lifecycle
// methods on IWorkspacesApi).
using CoderSdk.Http;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

/// <summary>Workflows built on <see cref="IBuildsApi"/>: following a build's log and waiting for the build.</summary>
public static partial class BuildsApiExtensions
{
    /// <summary>
    /// Follows a build's log live over coderd's <c>?follow</c> WebSocket: the backlog first, then each line as the
    /// provisioner writes it, until the job finishes. Dropped connections are resumed after the last line received,
    /// so every line arrives once, in order.
    /// </summary>
    /// <param name="api">The builds area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="after">Skip lines up to and including this log id (0: from the start).</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The build's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed (a malformed frame, or reconnects used up).</exception>
    public static IAsyncEnumerable<ProvisionerJobLog> FollowLogsAsync(this IBuildsApi api, Guid workspaceBuild, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(CoderConnection.Of(api, nameof(FollowLogsAsync)), LogSource(api, workspaceBuild), after, cancellationToken);

    /// <summary>
    /// Waits for a build to finish, following its log live (each line goes to <paramref name="progress"/>), and
    /// returns the finished build.
    /// </summary>
    /// <param name="api">The builds area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="progress">Receives each log line as it arrives.</param>
    /// <param name="cancellationToken">Stops waiting (the build goes on).</param>
    /// <returns>The build, succeeded.</returns>
    /// <exception cref="CoderJobFailedException">The build failed or was canceled; it carries coderd's <c>error</c> and <c>error_code</c>.</exception>
    public static async Task<WorkspaceBuild> WaitForBuildAsync(this IBuildsApi api, Guid workspaceBuild, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var line in api.FollowLogsAsync(workspaceBuild, 0, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(line);
        }

        // The log ends only once the job has finished (the stream checks), so this read sees the final state.
        var build = await api.GetAsync(workspaceBuild, cancellationToken).ConfigureAwait(false);
        if (build.Job.Status == ProvisionerJobStatus.Failed || build.Job.Status == ProvisionerJobStatus.Canceled)
        {
            throw new CoderJobFailedException(build.Job, build);
        }

        return build;
    }

    private static ProvisionerLogStream.Source LogSource(IBuildsApi api, Guid workspaceBuild) => new(
        () => new CoderRequest(CoderOperations.BuildsGetLogs).Path("workspacebuild", workspaceBuild),
        async token => (await api.GetAsync(workspaceBuild, token).ConfigureAwait(false)).Job);
}

/// <summary>Workflows built on <see cref="ITemplatesApi"/>: following template-version import and dry-run logs.</summary>
public static partial class TemplatesApiExtensions
{
    /// <summary>Follows a template version's import log live, until its import job finishes (see <see cref="BuildsApiExtensions.FollowLogsAsync"/> for the rules).</summary>
    /// <param name="api">The templates area of a <see cref="CoderClient"/>.</param>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="after">Skip lines up to and including this log id.</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The import job's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed.</exception>
    public static IAsyncEnumerable<ProvisionerJobLog> FollowVersionLogsAsync(this ITemplatesApi api, Guid templateVersion, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(CoderConnection.Of(api, nameof(FollowVersionLogsAsync)), new ProvisionerLogStream.Source(
                () => new CoderRequest(CoderOperations.TemplatesGetVersionLogs).Path("templateversion", templateVersion),
                async token => (await api.GetVersionAsync(templateVersion, token).ConfigureAwait(false)).Job),
            after, cancellationToken);

    /// <summary>Follows a template version dry run's log live, until the dry-run job finishes.</summary>
    /// <param name="api">The templates area of a <see cref="CoderClient"/>.</param>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="jobId">The dry-run job id.</param>
    /// <param name="after">Skip lines up to and including this log id.</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The dry run's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed.</exception>
    public static IAsyncEnumerable<ProvisionerJobLog> FollowDryRunLogsAsync(this ITemplatesApi api, Guid templateVersion, Guid jobId, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(CoderConnection.Of(api, nameof(FollowDryRunLogsAsync)), new ProvisionerLogStream.Source(
                () => new CoderRequest(CoderOperations.TemplatesGetVersionDryRunLogs).Path("templateversion", templateVersion).Path("jobID", jobId),
                token => api.GetVersionDryRunAsync(templateVersion, jobId, token)),
            after, cancellationToken);
}

/// <summary>Workflows built on <see cref="IAgentsApi"/>: following an agent's log and watching its metadata.</summary>
public static partial class AgentsApiExtensions
{
    /// <summary>
    /// Follows a workspace agent's log live (coderd sends arrays of lines; they arrive here one by one). With
    /// <see cref="AgentLogFollowMode.UntilStartupCompletes"/> the sequence ends once the agent's start-up has ended.
    /// </summary>
    /// <param name="api">The agents area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="mode">When the sequence ends.</param>
    /// <param name="after">Skip lines up to and including this log id.</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The agent's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed.</exception>
    public static IAsyncEnumerable<WorkspaceAgentLog> FollowLogsAsync(this IAgentsApi api, Guid workspaceAgent, AgentLogFollowMode mode = AgentLogFollowMode.UntilCanceled, long after = 0, CancellationToken cancellationToken = default) =>
        AgentLogStream.FollowAsync(CoderConnection.Of(api, nameof(FollowLogsAsync)), workspaceAgent, mode, after, cancellationToken);

    /// <summary>
    /// Watches an agent's metadata live (over the <c>watch-metadata-ws</c> WebSocket, or server-sent events on
    /// servers without it): every update carries the whole current set.
    /// </summary>
    /// <param name="api">The agents area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The agent's metadata, once per update.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    public static IAsyncEnumerable<IReadOnlyList<WorkspaceAgentMetadata>> WatchMetadataAsync(this IAgentsApi api, Guid workspaceAgent, CancellationToken cancellationToken = default) =>
        WatchStream.WatchAsync(CoderConnection.Of(api, nameof(WatchMetadataAsync)), new WatchStream.Endpoints(
                () => new CoderRequest(HttpMethod.Get, CoderStreamRoutes.WatchForWorkspaceAgentMetadataUpdatesViaWebsockets, 200) { IsStream = true }.Path("workspaceagent", workspaceAgent),
                () => WatchStream.SseRequest(CoderStreamRoutes.WatchForWorkspaceAgentMetadataUpdates).Path("workspaceagent", workspaceAgent)),
            Json.CoderStreamingJsonContext.Default.IReadOnlyListWorkspaceAgentMetadata, cancellationToken);
}
