// Hand-written "list all" walks over the generated list operations that take limit/offset, built on CoderPager.
// They are extension methods, so a test double of an area implements only coderd's operations.
using CoderSdk.Models;

namespace CoderSdk;

/// <summary>Workflows built on <see cref="IUsersApi"/>.</summary>
public static partial class UsersApiExtensions
{
    /// <summary>Enumerates every user matching <paramref name="q"/>, one page per request, fetched as the enumeration reaches it.</summary>
    /// <param name="api">The users area.</param>
    /// <param name="q">A search string, e.g. <c>new UserFilter().Status("active")</c>.</param>
    /// <param name="pageSize">Users per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching users.</returns>
    public static IAsyncEnumerable<User> ListAllAsync(this IUsersApi api, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return Pages.Walk((page, token) => api.ListAsync(q, null, page.Limit, page.Offset, token), r => r.Users, r => r.Count, pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="IAuditApi"/>.</summary>
public static partial class AuditApiExtensions
{
    /// <summary>Enumerates every audit-log entry matching <paramref name="q"/>, newest first, one page per request, fetched lazily.</summary>
    /// <param name="api">The audit area.</param>
    /// <param name="q">A search string, e.g. <c>new AuditLogFilter().ResourceType("workspace")</c>.</param>
    /// <param name="pageSize">Entries per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching entries.</returns>
    public static IAsyncEnumerable<AuditLog> ListAllLogsAsync(this IAuditApi api, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return Pages.Walk((page, token) => api.ListLogsAsync(page.Limit, q, page.Offset, token), r => r.AuditLogs, r => Pages.Capped(r.Count, r.CountCap), pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="IConnectionLogsApi"/>.</summary>
public static partial class ConnectionLogsApiExtensions
{
    /// <summary>Enumerates every connection-log entry matching <paramref name="q"/>, one page per request, fetched lazily.</summary>
    /// <param name="api">The connectionlogs area.</param>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Entries per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The matching entries.</returns>
    public static IAsyncEnumerable<ConnectionLog> ListAllAsync(this IConnectionLogsApi api, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return Pages.Walk((page, token) => api.ListAsync(page.Limit, q, page.Offset, token), r => r.ConnectionLogs, r => Pages.Capped(r.Count, r.CountCap), pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="IGroupsApi"/>.</summary>
public static partial class GroupsApiExtensions
{
    /// <summary>Enumerates every member of a group matching <paramref name="q"/>, one page per request, fetched lazily.</summary>
    /// <param name="api">The groups area.</param>
    /// <param name="group">The group id.</param>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Members per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The members.</returns>
    public static IAsyncEnumerable<ReducedUser> GetAllMembersAsync(this IGroupsApi api, Guid group, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return Pages.Walk((page, token) => api.GetMembersAsync(group, q, null, page.Limit, page.Offset, token), r => r.Users, r => r.Count, pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="ITemplatesApi"/>.</summary>
public static partial class TemplatesApiExtensions
{
    /// <summary>Enumerates every version of a template, one page per request, fetched lazily.</summary>
    /// <param name="api">The templates area.</param>
    /// <param name="template">The template id.</param>
    /// <param name="includeArchived">Also list archived versions.</param>
    /// <param name="pageSize">Versions per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The versions.</returns>
    public static IAsyncEnumerable<TemplateVersion> ListAllVersionsAsync(this ITemplatesApi api, Guid template, bool? includeArchived = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return CoderPager.EnumerateAsync(async (page, token) => Pages.Of(await api.ListVersionsAsync(template, null, includeArchived, page.Limit, page.Offset, token).ConfigureAwait(false), null, page), pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="IBuildsApi"/>.</summary>
public static partial class BuildsApiExtensions
{
    /// <summary>Enumerates every build of a workspace, newest first, one page per request, fetched lazily.</summary>
    /// <param name="api">The builds area.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="since">Only builds created after this time.</param>
    /// <param name="pageSize">Builds per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The builds.</returns>
    public static IAsyncEnumerable<WorkspaceBuild> ListAllAsync(this IBuildsApi api, Guid workspace, DateTimeOffset? since = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return CoderPager.EnumerateAsync(async (page, token) => Pages.Of(await api.ListAsync(workspace, null, page.Limit, page.Offset, since, token).ConfigureAwait(false), null, page), pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="IWorkspacesApi"/>.</summary>
public static partial class WorkspacesApiExtensions
{
    /// <summary>Enumerates every user a workspace may be created for in an organization, one page per request, fetched lazily.</summary>
    /// <param name="api">The workspaces area.</param>
    /// <param name="organization">The organization id.</param>
    /// <param name="user">The user asking: an id, a username, or <c>me</c>.</param>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Users per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The users.</returns>
    public static IAsyncEnumerable<MinimalUser> ListAllAvailableUsersAsync(this IWorkspacesApi api, Guid organization, string user, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return CoderPager.EnumerateAsync(async (page, token) => Pages.Of(await api.ListAvailableUsersAsync(organization, user, q, page.Limit, page.Offset, token).ConfigureAwait(false), null, page), pageSize, cancellationToken);
    }
}

/// <summary>Workflows built on <see cref="IAIGatewayApi"/>.</summary>
public static partial class AIGatewayApiExtensions
{
    /// <summary>Enumerates every AI gateway session matching <paramref name="q"/>, one page per request, fetched lazily.</summary>
    /// <param name="api">The aigateway area.</param>
    /// <param name="q">A search string.</param>
    /// <param name="pageSize">Sessions per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The sessions.</returns>
    public static IAsyncEnumerable<AIBridgeSession> ListAllSessionsAsync(this IAIGatewayApi api, string? q = null, int pageSize = CoderPager.DefaultPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        return Pages.Walk((page, token) => api.ListSessionsAsync(q, page.Limit, null, page.Offset, token), r => r.Sessions, r => r.Count, pageSize, cancellationToken);
    }
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
