using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Telemetry;
using CoderSdk.Terminal;

namespace CoderSdk.Workflows;

/// <summary>
/// Workflows that combine several areas of a client or an area with a stream: the workspace lifecycle (start, stop,
/// restart, delete, update) and the waits. They use only what <see cref="ICoderClient"/> exposes
/// (<see cref="ICoderClient.Builds"/>, <see cref="ICoderClient.Workspaces"/>, <see cref="ICoderClient.Streams"/>), so
/// code that calls them can be tested with a test double of <see cref="ICoderClient"/>.
/// </summary>
public static class CoderClientWorkflowExtensions
{
    /// <summary>
    /// Starts a workspace: queues a <c>start</c> build (on the previous build's template version unless
    /// <paramref name="options"/> names one) and returns it at once. Wait for it with <see cref="WaitForBuildAsync"/>.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Template version, parameter values and reason for the build.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static Task<WorkspaceBuild> StartWorkspaceAsync(this ICoderClient client, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(client, workspace, WorkspaceTransition.Start, options, options?.TemplateVersionId, cancellationToken);

    /// <summary>Stops a workspace: queues a <c>stop</c> build and returns it at once.</summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Parameter values and reason for the build.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static Task<WorkspaceBuild> StopWorkspaceAsync(this ICoderClient client, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(client, workspace, WorkspaceTransition.Stop, options, options?.TemplateVersionId, cancellationToken);

    /// <summary>
    /// Deletes a workspace: queues a <c>delete</c> build (which destroys its resources, or with
    /// <see cref="WorkspaceBuildOptions.Orphan"/> leaves them) and returns it at once. The workspace is gone once the
    /// build succeeds.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Reason, and <see cref="WorkspaceBuildOptions.Orphan"/>.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static Task<WorkspaceBuild> DeleteWorkspaceAsync(this ICoderClient client, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(client, workspace, WorkspaceTransition.Delete, options, options?.TemplateVersionId, cancellationToken);

    /// <summary>
    /// Updates a workspace to its template's active version, like <c>coder update</c>: queues a <c>start</c> build on
    /// that version and returns it at once.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Parameter values (new required parameters of the version need one) and reason; its template version is ignored.</param>
    /// <param name="cancellationToken">Cancels the requests (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static async Task<WorkspaceBuild> UpdateWorkspaceAsync(this ICoderClient client, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var current = await client.Workspaces.GetAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Lifecycle.CreateBuildAsync(client, workspace, WorkspaceTransition.Start, options, current.TemplateActiveVersionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Restarts a workspace: stops it, waits for the stop build to finish (reporting its log to
    /// <paramref name="progress"/>), then queues a <c>start</c> build and returns it.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Template version, parameter values and reason for the start build.</param>
    /// <param name="progress">Receives each line of the stop build's log.</param>
    /// <param name="cancellationToken">Cancels the waiting and requests (not builds already queued).</param>
    /// <returns>The queued start build.</returns>
    /// <exception cref="CoderJobFailedException">The stop build failed or was canceled.</exception>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static async Task<WorkspaceBuild> RestartWorkspaceAsync(this ICoderClient client, Guid workspace, WorkspaceBuildOptions? options = null, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default)
    {
        using var activity = CoderTelemetry.StartWorkflow("Workflows.RestartWorkspaceAsync", "coder.workspace.id", workspace);
        try
        {
            var stopOptions = options is null ? null : new WorkspaceBuildOptions { Reason = options.Reason, DebugLogs = options.DebugLogs };
            var stop = await client.StopWorkspaceAsync(workspace, stopOptions, cancellationToken).ConfigureAwait(false);
            await client.WaitForBuildAsync(stop.Id, progress, cancellationToken).ConfigureAwait(false);
            return await client.StartWorkspaceAsync(workspace, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CoderTelemetry.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>
    /// Waits for a build to finish, following its log live (each line goes to <paramref name="progress"/>), and
    /// returns the finished build.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="progress">Receives each log line as it arrives.</param>
    /// <param name="cancellationToken">Stops waiting (the build goes on).</param>
    /// <returns>The build, succeeded.</returns>
    /// <exception cref="CoderJobFailedException">The build failed or was canceled; it carries coderd's <c>error</c> and <c>error_code</c>.</exception>
    public static async Task<WorkspaceBuild> WaitForBuildAsync(this ICoderClient client, Guid workspaceBuild, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var activity = CoderTelemetry.StartWorkflow("Workflows.WaitForBuildAsync", "coder.workspace_build.id", workspaceBuild);
        try
        {
            var lines = 0L;
            await foreach (var line in client.Streams.FollowBuildLogsAsync(workspaceBuild, 0, cancellationToken).ConfigureAwait(false))
            {
                lines++;
                progress?.Report(line);
            }

            activity?.SetTag("coder.log.lines", lines);

            // The log ends only once the job has finished (the stream checks), so this read sees the final state.
            var build = await client.Builds.GetAsync(workspaceBuild, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("coder.job.status", build.Job.Status.Value);
            if (build.Job.Status == ProvisionerJobStatus.Failed || build.Job.Status == ProvisionerJobStatus.Canceled)
            {
                throw new CoderJobFailedException(build.Job, build);
            }

            return build;
        }
        catch (Exception ex)
        {
            CoderTelemetry.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>
    /// Waits until the workspace's latest build has succeeded and every agent it started is <c>ready</c>, watching the
    /// workspace live rather than polling. Returns at once when that is already so.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The workspace with its agents ready.</returns>
    /// <exception cref="CoderJobFailedException">The latest build failed or was canceled.</exception>
    /// <exception cref="CoderAgentStartupException">An agent's start-up ended in <c>start_error</c> or <c>start_timeout</c>.</exception>
    /// <exception cref="InvalidOperationException">The latest build stopped or deleted the workspace, so no agent will start; or the watch ended without an error before the agents were ready (only a test double's watch can).</exception>
    public static async Task<Workspace> WaitForAgentsReadyAsync(this ICoderClient client, Guid workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var activity = CoderTelemetry.StartWorkflow("Workflows.WaitForAgentsReadyAsync", "coder.workspace.id", workspace);
        try
        {
            var snapshots = 0L;
            await foreach (var snapshot in client.Streams.WatchWorkspaceAsync(workspace, cancellationToken).ConfigureAwait(false))
            {
                snapshots++;
                if (Lifecycle.AgentsReady(snapshot))
                {
                    activity?.SetTag("coder.watch.snapshots", snapshots);
                    return snapshot;
                }
            }

            // The watch ends only by failing or being canceled; a test double's sequence may also just end.
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"The watch of workspace {workspace} ended before its agents were ready.");
        }
        catch (Exception ex)
        {
            CoderTelemetry.Failed(activity, ex);
            throw;
        }
    }

    /// <summary>
    /// Finds a workspace's agent by the workspace's name: <c>owner/name</c>, or <c>name</c> for one of your own
    /// workspaces. The agent comes from the workspace's latest build.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace"><c>owner/name</c> or <c>name</c>.</param>
    /// <param name="agentName">The agent's name when the build has several; null picks the only one.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The agent.</returns>
    /// <exception cref="ArgumentException">The workspace name is empty or has more than one <c>/</c>.</exception>
    /// <exception cref="CoderNotFoundException">The workspace does not exist.</exception>
    /// <exception cref="InvalidOperationException">The latest build has no agent, no agent of that name, or several and no name was given.</exception>
    public static async Task<WorkspaceAgent> GetWorkspaceAgentAsync(this ICoderClient client, string workspace, string? agentName = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(workspace);
        var parts = workspace.Split('/');
        if (parts.Length > 2 || Array.Exists(parts, string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"\"{workspace}\" is not a workspace name: use owner/name or name.", nameof(workspace));
        }

        var (owner, name) = parts.Length == 2 ? (parts[0], parts[1]) : ("me", parts[0]);
        var found = await client.Workspaces.GetByOwnerAndNameAsync(owner, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        var agents = found.LatestBuild.Resources.SelectMany(r => r.Agents ?? []).ToList();
        if (agentName is not null)
        {
            return agents.Find(a => a.Name == agentName)
                ?? throw new InvalidOperationException($"Workspace {owner}/{name} has no agent named \"{agentName}\" in its latest build (agents: {string.Join(", ", agents.Select(a => a.Name))}).");
        }

        return agents.Count switch
        {
            1 => agents[0],
            0 => throw new InvalidOperationException($"Workspace {owner}/{name} has no agent in its latest build (is it stopped?)."),
            _ => throw new InvalidOperationException($"Workspace {owner}/{name} has {agents.Count} agents ({string.Join(", ", agents.Select(a => a.Name))}); name one."),
        };
    }

    /// <summary>
    /// Runs a command in a workspace found by name (<c>owner/name</c> or <c>name</c>) with
    /// <see cref="ICoderStreams.RunCommandAsync"/>, on the agent <see cref="CoderCommandOptions.AgentName"/> names or
    /// the only one.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="workspace"><c>owner/name</c> or <c>name</c>.</param>
    /// <param name="command">The command line.</param>
    /// <param name="options">Timeout, terminal size, container and agent name.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The output and exit status.</returns>
    /// <exception cref="CoderCommandTimeoutException">The command ran longer than <see cref="CoderCommandOptions.Timeout"/>.</exception>
    /// <exception cref="CoderCommandException">The connection dropped, or the session ended without an exit status.</exception>
    public static async Task<CoderCommandResult> RunCommandAsync(this ICoderClient client, string workspace, string command, CoderCommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        var agent = await client.GetWorkspaceAgentAsync(workspace, options?.AgentName, cancellationToken).ConfigureAwait(false);
        return await client.Streams.RunCommandAsync(agent.Id, command, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes a Terraform template directory, like <c>coder templates push</c>: archives it by the CLI's rules
    /// (<see cref="CoderTemplateArchive"/>, checked before anything is sent), uploads it (coderd keeps one copy of
    /// identical bytes, so pushing an unchanged directory again reuses the upload), creates a template version from it,
    /// follows the import job's log (each line to <see cref="TemplatePushOptions.Progress"/>), then creates the template
    /// when the organization has none of that name, or makes the version active unless
    /// <see cref="TemplatePushOptions.Activate"/> is off.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="directory">The template directory.</param>
    /// <param name="options">Template name, organization, version name and message, tags, variable values, activation.</param>
    /// <param name="cancellationToken">Cancels the push; once the import job exists it is canceled too (best effort) before the <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>The template, the imported version, and what the push did.</returns>
    /// <exception cref="ArgumentException">The options have no template name or organization.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="CoderTemplateArchiveException">The directory has no Terraform files, holds a symbolic link leading out of it, or archives to <see cref="CoderTemplateArchive.SizeLimit"/> or more; nothing was sent.</exception>
    /// <exception cref="CoderTemplateVariablesMissingException">The import failed for want of variable or parameter values; it names them.</exception>
    /// <exception cref="CoderJobFailedException">The import failed for another reason, or was canceled on the server.</exception>
    /// <exception cref="CoderNotFoundException"><see cref="TemplatePushOptions.CreateIfMissing"/> is off and the organization has no template of that name.</exception>
    public static async Task<TemplatePushResult> PushTemplateAsync(this ICoderClient client, string directory, TemplatePushOptions options, CancellationToken cancellationToken = default)
    {
        TemplatePush.Validate(client, options);
        var archive = CoderTemplateArchive.Create(directory);
        return await TemplatePush.PushAsync(client, archive, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Pushes a template given as a tar archive (as <c>coder templates push -d -</c> reads one from standard input):
    /// the stream is read to its end and uploaded as it is, then the push goes on as for a directory.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="archive">The tar archive; read to its end, not disposed.</param>
    /// <param name="options">Template name, organization, version name and message, tags, variable values, activation.</param>
    /// <param name="cancellationToken">Cancels the push; once the import job exists it is canceled too (best effort) before the <see cref="OperationCanceledException"/> is thrown.</param>
    /// <returns>The template, the imported version, and what the push did.</returns>
    /// <exception cref="ArgumentException">The options have no template name or organization.</exception>
    /// <exception cref="CoderTemplateArchiveException">The stream is longer than <see cref="CoderTemplateArchive.UploadLimit"/>; nothing was sent.</exception>
    /// <exception cref="CoderTemplateVariablesMissingException">The import failed for want of variable or parameter values; it names them.</exception>
    /// <exception cref="CoderJobFailedException">The import failed for another reason, or was canceled on the server.</exception>
    /// <exception cref="CoderNotFoundException"><see cref="TemplatePushOptions.CreateIfMissing"/> is off and the organization has no template of that name.</exception>
    public static async Task<TemplatePushResult> PushTemplateArchiveAsync(this ICoderClient client, Stream archive, TemplatePushOptions options, CancellationToken cancellationToken = default)
    {
        TemplatePush.Validate(client, options);
        var bytes = await TemplatePush.ReadStreamAsync(archive, cancellationToken).ConfigureAwait(false);
        return await TemplatePush.PushAsync(client, bytes, options, cancellationToken).ConfigureAwait(false);
    }
}
