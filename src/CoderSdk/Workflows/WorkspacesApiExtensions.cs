// Hand-written workflows over the generated IWorkspacesApi alone: one page with its count (list-all walks are
// generated: Paging.cs).
using CoderSdk.Models;

namespace CoderSdk;

/// <summary>Workflows built on <see cref="IWorkspacesApi"/> alone: one page of workspaces with its count.</summary>
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
}
