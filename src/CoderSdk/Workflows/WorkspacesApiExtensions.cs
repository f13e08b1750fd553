// Hand-written workflows over the generated IWorkspacesApi alone: one page with its count (list-all walks are
// generated: Paging.cs).
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Filters;
using CoderSdk.Models;

namespace CoderSdk.Workflows;

/// <summary>Workflows built on <see cref="IWorkspacesApi"/> alone: one page of workspaces with its count, a workspace by <c>owner/name</c>.</summary>
public static partial class WorkspacesApiExtensions
{
    /// <summary>Reads one page of the workspaces matching <paramref name="q"/>, with the total number of matches.</summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="q">A search string (see <see cref="WorkspaceFilter"/>).</param>
    /// <param name="limit">Page size, 1 to <see cref="CoderPager.MaxPageSize"/>.</param>
    /// <param name="offset">How many matches to skip.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page and coderd's <c>count</c> of all matches.</returns>
    public static async Task<CoderPage<Workspace>> ListPageAsync(this IWorkspacesApi api, string? q, int limit, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        CoderPager.CheckPageSize(limit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var response = await api.ListAsync(q, limit, offset, cancellationToken).ConfigureAwait(false);
        return new CoderPage<Workspace>(response.Workspaces, response.Count, new CoderPageRequest(limit, offset));
    }

    /// <summary>
    /// Reads the workspace written as <c>owner/name</c> (the form the <c>coder</c> CLI prints), through
    /// <see cref="IWorkspacesApi.GetByOwnerAndNameAsync"/>. The owner may be a username, a user ID or <c>me</c>.
    /// </summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="ownerAndName">The owner and the workspace name separated by one <c>/</c>, such as <c>alice/dev</c> or <c>me/dev</c>.</param>
    /// <param name="includeDeleted">Also find a deleted workspace of that name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The workspace.</returns>
    /// <exception cref="ArgumentException"><paramref name="ownerAndName"/> is not two non-empty parts around exactly one <c>/</c>; nothing is sent.</exception>
    /// <exception cref="CoderNotFoundException">No such owner or workspace.</exception>
    public static Task<Workspace> GetByOwnerAndNameAsync(this IWorkspacesApi api, string ownerAndName, bool? includeDeleted = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        var (owner, name) = SplitOwnerAndName(ownerAndName);
        return api.GetByOwnerAndNameAsync(owner, name, includeDeleted, cancellationToken);
    }

    private static (string Owner, string Name) SplitOwnerAndName(string ownerAndName)
    {
        ArgumentNullException.ThrowIfNull(ownerAndName);
        var slash = ownerAndName.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == ownerAndName.Length - 1 || ownerAndName.IndexOf('/', slash + 1) >= 0
            || string.IsNullOrWhiteSpace(ownerAndName[..slash]) || string.IsNullOrWhiteSpace(ownerAndName[(slash + 1)..]))
        {
            throw new ArgumentException($"'{ownerAndName}' is not a workspace written as owner/name (such as alice/dev).", nameof(ownerAndName));
        }

        return (ownerAndName[..slash], ownerAndName[(slash + 1)..]);
    }
}
