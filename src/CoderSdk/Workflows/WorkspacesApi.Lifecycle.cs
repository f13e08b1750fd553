// Hand-written partial: the workspace lifecycle (start, stop, restart, delete, update, cancel, wait), built from
// the build endpoint, the log stream and the watch stream.
using System.Text.RegularExpressions;
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

public partial interface IWorkspacesApi
{
    /// <summary>
    /// Starts a workspace: queues a <c>start</c> build (on the previous build's template version unless
    /// <paramref name="options"/> names one) and returns it at once. Follow it with <see cref="WaitForBuildAsync"/>.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Template version, parameter values and reason for the build.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    [CoderWorkflow("POST /api/v2/workspaces/{workspace}/builds")]
    Task<WorkspaceBuild> StartAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Stops a workspace: queues a <c>stop</c> build and returns it at once.</summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Parameter values and reason for the build.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    [CoderWorkflow("POST /api/v2/workspaces/{workspace}/builds")]
    Task<WorkspaceBuild> StopAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Restarts a workspace: stops it, waits for the stop build to finish (reporting its log to
    /// <paramref name="progress"/>), then queues a <c>start</c> build and returns it.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Template version, parameter values and reason for the start build.</param>
    /// <param name="progress">Receives each line of the stop build's log.</param>
    /// <param name="cancellationToken">Cancels the waiting and requests (not builds already queued).</param>
    /// <returns>The queued start build.</returns>
    /// <exception cref="CoderJobFailedException">The stop build failed or was canceled.</exception>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    [CoderWorkflow("POST /api/v2/workspaces/{workspace}/builds", "GET /api/v2/workspacebuilds/{workspacebuild}/logs", "GET /api/v2/workspacebuilds/{workspacebuild}")]
    Task<WorkspaceBuild> RestartAsync(Guid workspace, WorkspaceBuildOptions? options = null, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a workspace: queues a <c>delete</c> build (which destroys its resources, or with
    /// <see cref="WorkspaceBuildOptions.Orphan"/> leaves them) and returns it at once. The workspace is gone once the
    /// build succeeds.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Reason, and <see cref="WorkspaceBuildOptions.Orphan"/>.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    [CoderWorkflow("POST /api/v2/workspaces/{workspace}/builds")]
    Task<WorkspaceBuild> DeleteAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Updates a workspace to its template's active version, like <c>coder update</c>: queues a <c>start</c> build on
    /// that version and returns it at once.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Parameter values (new required parameters of the version need one) and reason; its template version is ignored.</param>
    /// <param name="cancellationToken">Cancels the requests (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    [CoderWorkflow("GET /api/v2/workspaces/{workspace}", "POST /api/v2/workspaces/{workspace}/builds")]
    Task<WorkspaceBuild> UpdateAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks coderd to cancel a pending or running build. The build ends <c>canceled</c> shortly after (a running
    /// provisioner finishes its current step first); <see cref="WaitForBuildAsync"/> then throws
    /// <see cref="CoderJobFailedException"/> with <see cref="CoderJobFailedException.IsCanceled"/> set.
    /// </summary>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when coderd has accepted the cancellation.</returns>
    /// <exception cref="CoderApiException">The build has already finished (400) or does not exist (404).</exception>
    [CoderWorkflow("PATCH /api/v2/workspacebuilds/{workspacebuild}/cancel")]
    Task CancelBuildAsync(Guid workspaceBuild, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for a build to finish, following its log live (each line goes to <paramref name="progress"/>), and
    /// returns the finished build.
    /// </summary>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="progress">Receives each log line as it arrives.</param>
    /// <param name="cancellationToken">Stops waiting (the build goes on).</param>
    /// <returns>The build, succeeded.</returns>
    /// <exception cref="CoderJobFailedException">The build failed or was canceled; it carries coderd's <c>error</c> and <c>error_code</c>.</exception>
    [CoderWorkflow("GET /api/v2/workspacebuilds/{workspacebuild}/logs", "GET /api/v2/workspacebuilds/{workspacebuild}")]
    Task<WorkspaceBuild> WaitForBuildAsync(Guid workspaceBuild, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until the workspace's latest build has succeeded and every agent it started is <c>ready</c>, watching the
    /// workspace live rather than polling. Returns at once when that is already so.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The workspace with its agents ready.</returns>
    /// <exception cref="CoderJobFailedException">The latest build failed or was canceled.</exception>
    /// <exception cref="CoderAgentStartupException">An agent's start-up ended in <c>start_error</c> or <c>start_timeout</c>.</exception>
    /// <exception cref="InvalidOperationException">The latest build stopped or deleted the workspace, so no agent will start.</exception>
    [CoderWorkflow("GET /api/v2/workspaces/{workspace}/watch-ws", "GET /api/v2/workspaces/{workspace}/watch")]
    Task<Workspace> WaitForAgentsReadyAsync(Guid workspace, CancellationToken cancellationToken = default);
}

/// <summary>What a lifecycle build (start, stop, delete, update) should carry besides its transition.</summary>
public sealed class WorkspaceBuildOptions
{
    /// <summary>The template version to build; the previous build's version when null. Ignored by <c>UpdateAsync</c>.</summary>
    public Guid? TemplateVersionId { get; set; }

    /// <summary>Parameter values to set; they overwrite values of the same name and leave the others as they were.</summary>
    public IList<WorkspaceBuildParameter> RichParameterValues { get; } = [];

    /// <summary>Why the build is made, shown in the dashboard and audit log (coderd records <c>initiator</c> when null).</summary>
    public CreateWorkspaceBuildReason? Reason { get; set; }

    /// <summary>Ask the provisioner for debug-level provider logs.</summary>
    public bool DebugLogs { get; set; }

    /// <summary>For a delete: remove the workspace from Coder without destroying its resources.</summary>
    public bool Orphan { get; set; }
}

internal sealed partial class WorkspacesApi
{
    public Task<WorkspaceBuild> StartAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(Connection, workspace, WorkspaceTransition.Start, options, options?.TemplateVersionId, cancellationToken);

    public Task<WorkspaceBuild> StopAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(Connection, workspace, WorkspaceTransition.Stop, options, options?.TemplateVersionId, cancellationToken);

    public Task<WorkspaceBuild> DeleteAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(Connection, workspace, WorkspaceTransition.Delete, options, options?.TemplateVersionId, cancellationToken);

    public async Task<WorkspaceBuild> RestartAsync(Guid workspace, WorkspaceBuildOptions? options = null, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default)
    {
        var stopOptions = options is null ? null : new WorkspaceBuildOptions { Reason = options.Reason, DebugLogs = options.DebugLogs };
        var stop = await StopAsync(workspace, stopOptions, cancellationToken).ConfigureAwait(false);
        await WaitForBuildAsync(stop.Id, progress, cancellationToken).ConfigureAwait(false);
        return await StartAsync(workspace, options, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WorkspaceBuild> UpdateAsync(Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        var current = await GetAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Lifecycle.CreateBuildAsync(Connection, workspace, WorkspaceTransition.Start, options, current.TemplateActiveVersionId, cancellationToken).ConfigureAwait(false);
    }

    public Task CancelBuildAsync(Guid workspaceBuild, CancellationToken cancellationToken = default) =>
        Connection.SendAsync(
            new CoderRequest(HttpMethod.Patch, "/api/v2/workspacebuilds/{workspacebuild}/cancel", 200).Path("workspacebuild", workspaceBuild),
            cancellationToken);

    public async Task<WorkspaceBuild> WaitForBuildAsync(Guid workspaceBuild, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var line in ProvisionerLogStream.FollowAsync(Connection, BuildsApi.LogSource(Connection, workspaceBuild), 0, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(line);
        }

        // The log ends only once the job has finished (the stream checks), so this read sees the final state.
        var build = await BuildsApi.GetBuildAsync(Connection, workspaceBuild, cancellationToken).ConfigureAwait(false);
        if (build.Job.Status == ProvisionerJobStatus.Failed || build.Job.Status == ProvisionerJobStatus.Canceled)
        {
            throw new CoderJobFailedException(build.Job, build);
        }

        return build;
    }

    public async Task<Workspace> WaitForAgentsReadyAsync(Guid workspace, CancellationToken cancellationToken = default)
    {
        await foreach (var snapshot in WatchAsync(workspace, cancellationToken).ConfigureAwait(false))
        {
            if (Lifecycle.AgentsReady(snapshot))
            {
                return snapshot;
            }
        }

        // The watch only ends by failing or being canceled; both throw before this line.
        throw new OperationCanceledException(cancellationToken);
    }
}

/// <summary>The shared steps of the lifecycle methods.</summary>
internal static partial class Lifecycle
{
    public static async Task<WorkspaceBuild> CreateBuildAsync(CoderConnection connection, Guid workspace, WorkspaceTransition transition, WorkspaceBuildOptions? options, Guid? templateVersionId, CancellationToken cancellationToken)
    {
        var body = new CreateWorkspaceBuildRequest
        {
            Transition = transition,
            TemplateVersionId = templateVersionId,
            RichParameterValues = options is { RichParameterValues.Count: > 0 } ? [.. options.RichParameterValues] : null,
            Reason = options?.Reason,
            LogLevel = options?.DebugLogs == true ? ProvisionerLogLevel.Debug : null,
            Orphan = transition == WorkspaceTransition.Delete && options?.Orphan == true ? true : null,
        };
        var request = new CoderRequest(HttpMethod.Post, "/api/v2/workspaces/{workspace}/builds", 201)
            .Path("workspace", workspace)
            .JsonBody(body, CoderJsonContext.Default.CreateWorkspaceBuildRequest);
        try
        {
            return await connection.SendAsync(request, CoderJsonContext.Default.WorkspaceBuild, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderConflictException conflict) when (conflict is not CoderBuildConflictException)
        {
            var active = FindId(conflict.Detail) ?? FindId(conflict.CoderMessage) ?? await ActiveBuildAsync(connection, workspace, cancellationToken).ConfigureAwait(false);
            throw new CoderBuildConflictException(conflict.Info, active, conflict);
        }
    }

    /// <summary>True when the latest build started the workspace and every agent is ready; throws when that cannot happen.</summary>
    public static bool AgentsReady(Workspace workspace)
    {
        var build = workspace.LatestBuild;
        var status = build.Job.Status;
        if (status == ProvisionerJobStatus.Failed || status == ProvisionerJobStatus.Canceled)
        {
            throw new CoderJobFailedException(build.Job, build);
        }

        if (status != ProvisionerJobStatus.Succeeded)
        {
            return false;
        }

        if (build.Transition != WorkspaceTransition.Start)
        {
            throw new InvalidOperationException($"The latest build of workspace {workspace.Id} is a {build.Transition} build, so no agent will start; start the workspace first.");
        }

        var ready = true;
        foreach (var agent in build.Resources.SelectMany(r => r.Agents ?? []))
        {
            if (agent.LifecycleState == WorkspaceAgentLifecycle.StartError || agent.LifecycleState == WorkspaceAgentLifecycle.StartTimeout)
            {
                throw new CoderAgentStartupException(workspace.Id, agent);
            }

            ready &= agent.LifecycleState == WorkspaceAgentLifecycle.Ready;
        }

        return ready;
    }

    private static async Task<Guid?> ActiveBuildAsync(CoderConnection connection, Guid workspace, CancellationToken cancellationToken)
    {
        try
        {
            var current = await connection.SendAsync(
                new CoderRequest(HttpMethod.Get, "/api/v2/workspaces/{workspace}", 200).Path("workspace", workspace),
                CoderJsonContext.Default.Workspace, cancellationToken).ConfigureAwait(false);
            var latest = current.LatestBuild;
            return ProvisionerLogStream.IsFinished(latest.Job.Status) ? null : latest.Id;
        }
        catch (CoderApiException)
        {
            // Best effort: the conflict is what the caller needs to hear about.
            return null;
        }
    }

    private static Guid? FindId(string? text) =>
        text is not null && GuidPattern().Match(text) is { Success: true } match && Guid.TryParse(match.Value, out var id) ? id : null;

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}", RegexOptions.CultureInvariant)]
    private static partial Regex GuidPattern();
}
