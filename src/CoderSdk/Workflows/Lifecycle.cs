using System.Text.Json;
using System.Text.RegularExpressions;
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk.Workflows;

/// <summary>The shared steps of the lifecycle workflows of <see cref="CoderClientWorkflowExtensions"/>.</summary>
internal static partial class Lifecycle
{
    public static async Task<WorkspaceBuild> CreateBuildAsync(ICoderClient client, Guid workspace, WorkspaceTransition transition, WorkspaceBuildOptions? options, Guid? templateVersionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
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
            return await client.Builds.CreateAsync(workspace, body, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderConflictException conflict) when (conflict is not CoderBuildConflictException)
        {
            var active = FindId(conflict.Detail) ?? FindId(conflict.CoderMessage) ?? await ActiveBuildAsync(client.Workspaces, workspace, cancellationToken).ConfigureAwait(false);
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
