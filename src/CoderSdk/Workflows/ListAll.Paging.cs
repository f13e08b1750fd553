// Hand-written partials: lazy "list all" walks over the generated list operations that take limit/offset, built on
// CoderPager. (A generator hook could emit these for every such operation; until then they are listed here.)
using CoderSdk.Models;

namespace CoderSdk;

public partial interface IUsersApi
{
    /// <summary>Enumerates every user matching <paramref name="q"/>, one page per request, fetched as the enumeration reaches it.</summary>
    /// <param name="q">A search string, e.g. <c>new UserFilter().Status("active")</c>.</param>
    /// <param name="pageSize">Users per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching users.</returns>
    [CoderWorkflow("GET /api/v2/users")]
    IAsyncEnumerable<User> ListAllAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface IAuditApi
{
    /// <summary>Enumerates every audit-log entry matching <paramref name="q"/>, newest first, one page per request, fetched lazily.</summary>
    /// <param name="q">A search string, e.g. <c>new AuditLogFilter().ResourceType("workspace")</c>.</param>
    /// <param name="pageSize">Entries per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching entries.</returns>
    [CoderWorkflow("GET /api/v2/audit")]
    IAsyncEnumerable<AuditLog> ListAllLogsAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface IConnectionLogsApi
{
    /// <summary>Enumerates every connection-log entry matching <paramref name="q"/>, one page per request, fetched lazily.</summary>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Entries per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching entries.</returns>
    [CoderWorkflow("GET /api/v2/connectionlog")]
    IAsyncEnumerable<ConnectionLog> ListAllAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface IGroupsApi
{
    /// <summary>Enumerates every member of a group matching <paramref name="q"/>, one page per request, fetched lazily.</summary>
    /// <param name="group">The group id.</param>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Members per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The members.</returns>
    [CoderWorkflow("GET /api/v2/groups/{group}/members")]
    IAsyncEnumerable<ReducedUser> GetAllMembersAsync(Guid group, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface ITemplatesApi
{
    /// <summary>Enumerates every version of a template, one page per request, fetched lazily.</summary>
    /// <param name="template">The template id.</param>
    /// <param name="includeArchived">Also list archived versions.</param>
    /// <param name="pageSize">Versions per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The versions.</returns>
    [CoderWorkflow("GET /api/v2/templates/{template}/versions")]
    IAsyncEnumerable<TemplateVersion> ListAllVersionsAsync(Guid template, bool? includeArchived = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface IBuildsApi
{
    /// <summary>Enumerates every build of a workspace, newest first, one page per request, fetched lazily.</summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="since">Only builds created after this time.</param>
    /// <param name="pageSize">Builds per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The builds.</returns>
    [CoderWorkflow("GET /api/v2/workspaces/{workspace}/builds")]
    IAsyncEnumerable<WorkspaceBuild> ListAllAsync(Guid workspace, DateTimeOffset? since = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface IWorkspacesApi
{
    /// <summary>Enumerates every user a workspace may be created for in an organization, one page per request, fetched lazily.</summary>
    /// <param name="organization">The organization id.</param>
    /// <param name="user">The user asking: an id, a username, or <c>me</c>.</param>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Users per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The users.</returns>
    [CoderWorkflow("GET /api/v2/organizations/{organization}/members/{user}/workspaces/available-users")]
    IAsyncEnumerable<MinimalUser> ListAllAvailableUsersAsync(Guid organization, string user, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

public partial interface IAIGatewayApi
{
    /// <summary>Enumerates every AI gateway session matching <paramref name="q"/>, one page per request, fetched lazily.</summary>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Sessions per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The sessions.</returns>
    [CoderWorkflow("GET /api/v2/ai-gateway/sessions")]
    IAsyncEnumerable<AIBridgeSession> ListAllSessionsAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default);
}

internal sealed partial class UsersApi
{
    public IAsyncEnumerable<User> ListAllAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        Pages.Walk((page, token) => ListAsync(q, null, page.Limit, page.Offset, token), r => r.Users, r => r.Count, pageSize, cancellationToken);
}

internal sealed partial class AuditApi
{
    public IAsyncEnumerable<AuditLog> ListAllLogsAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        Pages.Walk((page, token) => ListLogsAsync(page.Limit, q, page.Offset, token), r => r.AuditLogs, r => Pages.Capped(r.Count, r.CountCap), pageSize, cancellationToken);
}

internal sealed partial class ConnectionLogsApi
{
    public IAsyncEnumerable<ConnectionLog> ListAllAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        Pages.Walk((page, token) => ListAsync(page.Limit, q, page.Offset, token), r => r.ConnectionLogs, r => Pages.Capped(r.Count, r.CountCap), pageSize, cancellationToken);
}

internal sealed partial class GroupsApi
{
    public IAsyncEnumerable<ReducedUser> GetAllMembersAsync(Guid group, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        Pages.Walk((page, token) => GetMembersAsync(group, q, null, page.Limit, page.Offset, token), r => r.Users, r => r.Count, pageSize, cancellationToken);
}

internal sealed partial class TemplatesApi
{
    public IAsyncEnumerable<TemplateVersion> ListAllVersionsAsync(Guid template, bool? includeArchived = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        CoderPager.EnumerateAsync(async (page, token) => Pages.Of(await ListVersionsAsync(template, null, includeArchived, page.Limit, page.Offset, token).ConfigureAwait(false), null, page), pageSize, cancellationToken);
}

internal sealed partial class BuildsApi
{
    public IAsyncEnumerable<WorkspaceBuild> ListAllAsync(Guid workspace, DateTimeOffset? since = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        CoderPager.EnumerateAsync(async (page, token) => Pages.Of(await ListAsync(workspace, null, page.Limit, page.Offset, since, token).ConfigureAwait(false), null, page), pageSize, cancellationToken);
}

internal sealed partial class WorkspacesApi
{
    public IAsyncEnumerable<MinimalUser> ListAllAvailableUsersAsync(Guid organization, string user, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        CoderPager.EnumerateAsync(async (page, token) => Pages.Of(await ListAvailableUsersAsync(organization, user, q, page.Limit, page.Offset, token).ConfigureAwait(false), null, page), pageSize, cancellationToken);
}

internal sealed partial class AIGatewayApi
{
    public IAsyncEnumerable<AIBridgeSession> ListAllSessionsAsync(string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default) =>
        Pages.Walk((page, token) => ListSessionsAsync(q, page.Limit, null, page.Offset, token), r => r.Sessions, r => r.Count, pageSize, cancellationToken);
}

/// <summary>Small helpers for the list-all walks.</summary>
internal static class Pages
{
    public static CoderPage<T> Of<T>(IReadOnlyList<T> items, long? count, CoderPageRequest request) => new(items, count, request);

    /// <summary>Walks a list whose pages come wrapped in a response object with the items and a count.</summary>
    public static IAsyncEnumerable<T> Walk<TResponse, T>(
        Func<CoderPageRequest, CancellationToken, Task<TResponse>> fetch,
        Func<TResponse, IReadOnlyList<T>> items,
        Func<TResponse, long?> count,
        int pageSize,
        CancellationToken cancellationToken) =>
        CoderPager.EnumerateAsync(
            async (page, token) =>
            {
                var response = await fetch(page, token).ConfigureAwait(false);
                return Of(items(response), count(response), page);
            },
            pageSize,
            cancellationToken);

    /// <summary>
    /// coderd stops counting audit and connection logs at <c>count_cap</c>; a count that reached the cap is only a
    /// lower bound, so the walk goes on until a short page instead.
    /// </summary>
    public static long? Capped(long count, long cap) => cap > 0 && count >= cap ? null : count;
}
