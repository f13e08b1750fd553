using System.Globalization;
using CoderSdk.Models;

namespace CoderSdk.Filters;

/// <summary>
/// Builds a workspace search (<c>GET /api/v2/workspaces?q=</c>). Each call adds a term; coderd ANDs them.
/// Converts to the query string implicitly, so it can be passed wherever a <c>q</c> string goes.
/// </summary>
/// <example>
/// <code>
/// var q = WorkspaceFilter.OwnedByMe().Status(WorkspaceStatus.Running).Template("docker");
/// await foreach (var workspace in client.Workspaces.ListAllAsync(q)) { ... }
/// </code>
/// </example>
public sealed class WorkspaceFilter : CoderSearchFilter<WorkspaceFilter>
{
    /// <summary>The caller's own workspaces: <c>owner:me</c>.</summary>
    /// <returns>A new filter.</returns>
    public static WorkspaceFilter OwnedByMe() => new WorkspaceFilter().Owner("me");

    /// <summary>Workspaces of one owner (<c>owner:</c>): a username, or <c>me</c>.</summary>
    /// <param name="username">The owner's username or <c>me</c>.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Owner(string username) => With("owner", username);

    /// <summary>Workspaces whose name contains <paramref name="name"/> (<c>name:</c>).</summary>
    /// <param name="name">Part of the workspace name.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Name(string name) => With("name", name);

    /// <summary>Workspaces built from a template (<c>template:</c>, by template name).</summary>
    /// <param name="templateName">The template name.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Template(string templateName) => With("template", templateName);

    /// <summary>Workspaces in a status (<c>status:</c>), e.g. <see cref="WorkspaceStatus.Running"/>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Status(WorkspaceStatus status) => With("status", status.Value);

    /// <summary>Workspaces in an organization (<c>organization:</c>, by name).</summary>
    /// <param name="organization">The organization name.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Organization(string organization) => With("organization", organization);

    /// <summary>Workspaces in an organization (<c>organization:</c>, by id).</summary>
    /// <param name="organizationId">The organization id.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Organization(Guid organizationId) => Organization(organizationId.ToString("D"));

    /// <summary>Workspaces with an agent in this connection status (<c>has-agent:</c>).</summary>
    /// <param name="status">The agent status, e.g. <see cref="WorkspaceAgentStatus.Connected"/>.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter HasAgent(WorkspaceAgentStatus status) => With("has-agent", status.Value);

    /// <summary>
    /// Deleted workspaces (<c>deleted:true</c>). Only coderd versions that know the key accept it; newer ones answer
    /// 400 for keys they do not know.
    /// </summary>
    /// <param name="deleted">True for deleted workspaces.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Deleted(bool deleted = true) => With("deleted", deleted);

    /// <summary>Workspaces whose latest build is (or is not) behind the template's active version (<c>outdated:</c>).</summary>
    /// <param name="outdated">True for outdated workspaces.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Outdated(bool outdated = true) => With("outdated", outdated);

    /// <summary>Dormant workspaces (<c>dormant:true</c>).</summary>
    /// <param name="dormant">True for dormant workspaces.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Dormant(bool dormant = true) => With("dormant", dormant);

    /// <summary>Workspaces last used before a time (<c>last_used_before:</c>).</summary>
    /// <param name="time">The time.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter LastUsedBefore(DateTimeOffset time) => With("last_used_before", time);

    /// <summary>Workspaces last used after a time (<c>last_used_after:</c>).</summary>
    /// <param name="time">The time.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter LastUsedAfter(DateTimeOffset time) => With("last_used_after", time);

    /// <summary>Workspaces with a parameter (<c>param:name</c>), or with that parameter set to a value (<c>param:name=value</c>).</summary>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The value to match, or null to match any value.</param>
    /// <returns>This filter.</returns>
    public WorkspaceFilter Parameter(string name, string? value = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('=', StringComparison.Ordinal) || value?.Contains('=', StringComparison.Ordinal) == true)
        {
            throw new ArgumentException("coderd splits param: terms on '=', so neither the name nor the value may contain one.", nameof(name));
        }

        return With("param", value is null ? name : string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
    }
}
