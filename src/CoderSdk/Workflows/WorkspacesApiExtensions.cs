// Hand-written workflows over the generated IWorkspacesApi: the workspace lifecycle (start, stop, restart, delete,
// update, wait for agents), one page with its count and the live watch (list-all walks are generated: Paging.cs). They are extension methods, so a test double of
// IWorkspacesApi implements only coderd's operations; the lifecycle calls generated methods only.
using System.Text.Json;
using System.Text.RegularExpressions;
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

/// <summary>Workflows built on <see cref="IWorkspacesApi"/>: lifecycle builds, waits, paging and the live watch.</summary>
public static partial class WorkspacesApiExtensions
{
    /// <summary>
    /// Starts a workspace: queues a <c>start</c> build (on the previous build's template version unless
    /// <paramref name="options"/> names one) and returns it at once. Wait for it with
    /// <see cref="BuildsApiExtensions.WaitForBuildAsync"/>.
    /// </summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Template version, parameter values and reason for the build.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static Task<WorkspaceBuild> StartAsync(this IWorkspacesApi api, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(api, workspace, WorkspaceTransition.Start, options, options?.TemplateVersionId, cancellationToken);

    /// <summary>Stops a workspace: queues a <c>stop</c> build and returns it at once.</summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Parameter values and reason for the build.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static Task<WorkspaceBuild> StopAsync(this IWorkspacesApi api, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(api, workspace, WorkspaceTransition.Stop, options, options?.TemplateVersionId, cancellationToken);

    /// <summary>
    /// Deletes a workspace: queues a <c>delete</c> build (which destroys its resources, or with
    /// <see cref="WorkspaceBuildOptions.Orphan"/> leaves them) and returns it at once. The workspace is gone once the
    /// build succeeds.
    /// </summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Reason, and <see cref="WorkspaceBuildOptions.Orphan"/>.</param>
    /// <param name="cancellationToken">Cancels the request (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static Task<WorkspaceBuild> DeleteAsync(this IWorkspacesApi api, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default) =>
        Lifecycle.CreateBuildAsync(api, workspace, WorkspaceTransition.Delete, options, options?.TemplateVersionId, cancellationToken);

    /// <summary>
    /// Restarts a workspace: stops it, waits for the stop build to finish (reporting its log to
    /// <paramref name="progress"/>), then queues a <c>start</c> build and returns it.
    /// </summary>
    /// <param name="api">The workspaces area of a <see cref="CoderClient"/> (the wait follows the stop build's log stream).</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Template version, parameter values and reason for the start build.</param>
    /// <param name="progress">Receives each line of the stop build's log.</param>
    /// <param name="cancellationToken">Cancels the waiting and requests (not builds already queued).</param>
    /// <returns>The queued start build.</returns>
    /// <exception cref="CoderJobFailedException">The stop build failed or was canceled.</exception>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static async Task<WorkspaceBuild> RestartAsync(this IWorkspacesApi api, Guid workspace, WorkspaceBuildOptions? options = null, IProgress<ProvisionerJobLog>? progress = null, CancellationToken cancellationToken = default)
    {
        var connection = CoderConnection.Of(api, nameof(RestartAsync));
        var stopOptions = options is null ? null : new WorkspaceBuildOptions { Reason = options.Reason, DebugLogs = options.DebugLogs };
        var stop = await api.StopAsync(workspace, stopOptions, cancellationToken).ConfigureAwait(false);
        await connection.Api<IBuildsApi>().WaitForBuildAsync(stop.Id, progress, cancellationToken).ConfigureAwait(false);
        return await api.StartAsync(workspace, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Updates a workspace to its template's active version, like <c>coder update</c>: queues a <c>start</c> build on
    /// that version and returns it at once.
    /// </summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="options">Parameter values (new required parameters of the version need one) and reason; its template version is ignored.</param>
    /// <param name="cancellationToken">Cancels the requests (not the build).</param>
    /// <returns>The queued build.</returns>
    /// <exception cref="CoderBuildConflictException">Another build of the workspace is still active.</exception>
    public static async Task<WorkspaceBuild> UpdateAsync(this IWorkspacesApi api, Guid workspace, WorkspaceBuildOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var current = await api.GetAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Lifecycle.CreateBuildAsync(api, workspace, WorkspaceTransition.Start, options, current.TemplateActiveVersionId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the workspace's latest build has succeeded and every agent it started is <c>ready</c>, watching the
    /// workspace live rather than polling. Returns at once when that is already so.
    /// </summary>
    /// <param name="api">The workspaces area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The workspace with its agents ready.</returns>
    /// <exception cref="CoderJobFailedException">The latest build failed or was canceled.</exception>
    /// <exception cref="CoderAgentStartupException">An agent's start-up ended in <c>start_error</c> or <c>start_timeout</c>.</exception>
    /// <exception cref="InvalidOperationException">The latest build stopped or deleted the workspace, so no agent will start.</exception>
    public static async Task<Workspace> WaitForAgentsReadyAsync(this IWorkspacesApi api, Guid workspace, CancellationToken cancellationToken = default)
    {
        await foreach (var snapshot in api.WatchAsync(workspace, cancellationToken).ConfigureAwait(false))
        {
            if (Lifecycle.AgentsReady(snapshot))
            {
                return snapshot;
            }
        }

        // The watch only ends by failing or being canceled; both throw before this line.
        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>
    /// Watches a workspace live: the current state first, then a new snapshot on every change (over the
    /// <c>watch-ws</c> WebSocket, or server-sent events on servers without it). Reconnects on a drop and starts again
    /// with a fresh snapshot.
    /// </summary>
    /// <param name="api">The workspaces area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Snapshots of the workspace as it changes.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (an <c>error</c> event, a malformed frame, or reconnects used up).</exception>
    public static IAsyncEnumerable<Workspace> WatchAsync(this IWorkspacesApi api, Guid workspace, CancellationToken cancellationToken = default) =>
        WatchStream.WatchAsync(CoderConnection.Of(api, nameof(WatchAsync)), new WatchStream.Endpoints(
                () => new CoderRequest(HttpMethod.Get, CoderStreamRoutes.WatchWorkspaceByIdViaWebsockets, 200) { IsStream = true }.Path("workspace", workspace),
                () => WatchStream.SseRequest(CoderStreamRoutes.WatchWorkspaceById).Path("workspace", workspace)),
            CoderJsonContext.Default.Workspace, cancellationToken);

    /// <summary>Reads one page of the workspaces matching <paramref name="q"/>, with the total number of matches.</summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="q">A search string (see <see cref="WorkspaceFilter"/>).</param>
    /// <param name="limit">Page size.</param>
    /// <param name="offset">How many matches to skip.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page and coderd's <c>count</c> of all matches.</returns>
    public static async Task<CoderPage<Workspace>> ListPageAsync(this IWorkspacesApi api, string? q, int limit, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var response = await api.ListAsync(q, limit, offset, cancellationToken).ConfigureAwait(false);
        return new CoderPage<Workspace>(response.Workspaces, response.Count, new CoderPageRequest(limit, offset));
    }
}

/// <summary>What a lifecycle build (start, stop, delete, update) should carry besides its transition.</summary>
public sealed class WorkspaceBuildOptions
{
    /// <summary>The template version to build; the previous build's version when null. Ignored by <c>UpdateAsync</c>.</summary>
    public Guid? TemplateVersionId { get; set; }

    /// <summary>Parameter values to set; they overwrite values of the same name and leave the others as they were.</summary>
    public IList<WorkspaceBuildParameter> RichParameterValues { get; } = [];

    /// <summary>Why the build is made, shown in the dashboard and audit log (coderd records <c>initiator</c> when null; servers before v2.29.0 ignore it).</summary>
    public CreateWorkspaceBuildReason? Reason { get; set; }

    /// <summary>Ask the provisioner for debug-level provider logs.</summary>
    public bool DebugLogs { get; set; }

    /// <summary>For a delete: remove the workspace from Coder without destroying its resources.</summary>
    public bool Orphan { get; set; }
}

/// <summary>The shared steps of the lifecycle methods.</summary>
internal static partial class Lifecycle
{
    public static async Task<WorkspaceBuild> CreateBuildAsync(IWorkspacesApi api, Guid workspace, WorkspaceTransition transition, WorkspaceBuildOptions? options, Guid? templateVersionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var body = new CreateWorkspaceBuildRequest
        {
            Transition = transition,
            TemplateVersionId = templateVersionId,
            RichParameterValues = options is { RichParameterValues.Count: > 0 } ? [.. options.RichParameterValues] : null,
            // "reason" is sent as an extra field: coderd v2.24.0's request has no such property (and ignores it), so
            // this layer, which compiles against every supported release, does not name the v2.29.0 one.
            AdditionalProperties = options?.Reason is { } reason
                ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) { ["reason"] = JsonSerializer.SerializeToElement(reason.Value, CoderJsonContext.Default.String) }
                : null,
            LogLevel = options?.DebugLogs == true ? ProvisionerLogLevel.Debug : null,
            Orphan = transition == WorkspaceTransition.Delete && options?.Orphan == true ? true : null,
        };
        try
        {
            return await api.Builds().CreateAsync(workspace, body, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderConflictException conflict) when (conflict is not CoderBuildConflictException)
        {
            var active = FindId(conflict.Detail) ?? FindId(conflict.CoderMessage) ?? await ActiveBuildAsync(api, workspace, cancellationToken).ConfigureAwait(false);
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

    /// <summary>The builds area of the client <paramref name="api"/> belongs to (builds are created there).</summary>
    private static IBuildsApi Builds(this IWorkspacesApi api) => CoderConnection.Of(api, "The workspace lifecycle").Api<IBuildsApi>();

    private static async Task<Guid?> ActiveBuildAsync(IWorkspacesApi api, Guid workspace, CancellationToken cancellationToken)
    {
        try
        {
            var latest = (await api.GetAsync(workspace, cancellationToken: cancellationToken).ConfigureAwait(false)).LatestBuild;
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
