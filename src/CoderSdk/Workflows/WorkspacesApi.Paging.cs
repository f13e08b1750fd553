// Hand-written partial: lazy paging over the workspace list (a generator hook could emit this for every list).
using CoderSdk.Models;

namespace CoderSdk;

public partial interface IWorkspacesApi
{
    /// <summary>
    /// Enumerates every workspace matching <paramref name="q"/>, fetching one page per request only as the enumeration
    /// reaches it (stop early and no further pages are fetched).
    /// </summary>
    /// <param name="q">A search string, for example <c>WorkspaceFilter.OwnedByMe().Status(WorkspaceStatus.Running)</c> or <c>"owner:me"</c>.</param>
    /// <param name="pageSize">Workspaces per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching workspaces, in coderd's order.</returns>
    [CoderWorkflow("GET /api/v2/workspaces")]
    IAsyncEnumerable<Workspace> ListAllAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);

    /// <summary>Reads one page of the workspaces matching <paramref name="q"/>, with the total number of matches.</summary>
    /// <param name="q">A search string (see <see cref="WorkspaceFilter"/>).</param>
    /// <param name="limit">Page size.</param>
    /// <param name="offset">How many matches to skip.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page and coderd's <c>count</c> of all matches.</returns>
    [CoderWorkflow("GET /api/v2/workspaces")]
    Task<CoderPage<Workspace>> ListPageAsync(string? q, int limit, long offset = 0, CancellationToken cancellationToken = default);
}

internal sealed partial class WorkspacesApi
{
    public IAsyncEnumerable<Workspace> ListAllAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        CoderPager.EnumerateAsync((page, token) => ListPageAsync(q, page.Limit, page.Offset, token), pageSize, cancellationToken);

    public async Task<CoderPage<Workspace>> ListPageAsync(string? q, int limit, long offset = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var response = await ListAsync(q, limit, offset, cancellationToken).ConfigureAwait(false);
        return new CoderPage<Workspace>(response.Workspaces, response.Count, new CoderPageRequest(limit, offset));
    }
}
