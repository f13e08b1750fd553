using System.Runtime.CompilerServices;

namespace CoderSdk.Workflows;

/// <summary>
/// Walks a paged coderd list lazily: a page is fetched only when the enumeration reaches it, so stopping early never
/// fetches the rest. Works with any list operation: hand it a delegate that fetches one page.
/// </summary>
/// <example>
/// <code>
/// await foreach (var user in CoderPager.EnumerateAsync(
///     (page, ct) => FetchUsersAsync(page.Limit, page.Offset, ct), pageSize: 200))
/// { ... }
/// </code>
/// </example>
public static class CoderPager
{
    /// <summary>The page size used when none is given.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest page size the walks ask for: coderd caps <c>limit</c> at this value.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// Enumerates a list with <c>limit</c>/<c>offset</c> paging, each item exactly once. Every request advances the
    /// offset by <paramref name="pageSize"/>, not by the rows that came back: coderd applies the limit first and then
    /// drops the rows the caller may not read (workspaces whose template or latest build it cannot see), so a short
    /// page is not the end and counting its rows would start the next page inside this one. The walk ends when the
    /// offset reaches the server's count, or, for a list without a count, at the first empty page; a page larger than
    /// asked for (a server that ignored the limit) also ends it.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="fetchPage">Fetches one page.</param>
    /// <param name="pageSize">Items per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every item, page after page, fetched as the caller reaches it.</returns>
    public static IAsyncEnumerable<T> EnumerateAsync<T>(
        Func<CoderPageRequest, CancellationToken, Task<CoderPage<T>>> fetchPage,
        int pageSize = DefaultPageSize,
        CancellationToken cancellationToken = default) =>
        Flatten(EnumeratePagesAsync(fetchPage, pageSize, cancellationToken), cancellationToken);

    /// <summary>The pages of a <c>limit</c>/<c>offset</c> walk (see <see cref="EnumerateAsync{T}"/> for when it ends).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="fetchPage">Fetches one page.</param>
    /// <param name="pageSize">Items per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Each page, fetched as the caller reaches it.</returns>
    public static IAsyncEnumerable<CoderPage<T>> EnumeratePagesAsync<T>(
        Func<CoderPageRequest, CancellationToken, Task<CoderPage<T>>> fetchPage,
        int pageSize = DefaultPageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        CheckPageSize(pageSize);
        return ByOffsetAsync(fetchPage, pageSize, cancellationToken);
    }

    private static async IAsyncEnumerable<CoderPage<T>> ByOffsetAsync<T>(
        Func<CoderPageRequest, CancellationToken, Task<CoderPage<T>>> fetchPage,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long offset = 0;
        while (true)
        {
            var request = new CoderPageRequest(pageSize, offset);
            var page = await fetchPage(request, cancellationToken).ConfigureAwait(false);
            yield return page;

            offset += pageSize;
            if (page.Items.Count > pageSize || (page.TotalCount is { } total ? offset >= total : page.Items.Count == 0))
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Enumerates a list with <c>limit</c>/<c>after_id</c> (keyset) paging: each request asks for the items after the
    /// last one seen, which stays correct while items are added or removed during the walk.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="fetchPage">Fetches one page.</param>
    /// <param name="idOf">Reads an item's id, used as the next request's <c>after_id</c>.</param>
    /// <param name="pageSize">Items per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Every item, page after page, fetched as the caller reaches it.</returns>
    public static IAsyncEnumerable<T> EnumerateAfterIdAsync<T>(
        Func<CoderPageRequest, CancellationToken, Task<CoderPage<T>>> fetchPage,
        Func<T, Guid> idOf,
        int pageSize = DefaultPageSize,
        CancellationToken cancellationToken = default) =>
        Flatten(EnumeratePagesAfterIdAsync(fetchPage, idOf, pageSize, cancellationToken), cancellationToken);

    /// <summary>The pages of a <c>limit</c>/<c>after_id</c> walk (see <see cref="EnumerateAfterIdAsync{T}"/>).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="fetchPage">Fetches one page.</param>
    /// <param name="idOf">Reads an item's id, used as the next request's <c>after_id</c>.</param>
    /// <param name="pageSize">Items per request.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>Each page, fetched as the caller reaches it.</returns>
    public static IAsyncEnumerable<CoderPage<T>> EnumeratePagesAfterIdAsync<T>(
        Func<CoderPageRequest, CancellationToken, Task<CoderPage<T>>> fetchPage,
        Func<T, Guid> idOf,
        int pageSize = DefaultPageSize,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fetchPage);
        ArgumentNullException.ThrowIfNull(idOf);
        CheckPageSize(pageSize);
        return AfterIdAsync(fetchPage, idOf, pageSize, cancellationToken);
    }

    /// <summary>
    /// coderd stops counting some lists (audit and connection logs) at <c>count_cap</c>: a count that reached the cap
    /// is only a lower bound, so it is no count at all for the walk, which then goes on until an empty page.
    /// </summary>
    /// <param name="count">The <c>count</c> coderd sent.</param>
    /// <param name="cap">The <c>count_cap</c> coderd sent (0 or <see langword="null"/> when it does not cap; older servers leave it out).</param>
    /// <returns>The total, or <see langword="null"/> when it is only a lower bound.</returns>
    public static long? Capped(long count, long? cap) => cap is > 0 && count >= cap ? null : count;

    private static async IAsyncEnumerable<CoderPage<T>> AfterIdAsync<T>(
        Func<CoderPageRequest, CancellationToken, Task<CoderPage<T>>> fetchPage,
        Func<T, Guid> idOf,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var page = await fetchPage(new CoderPageRequest(pageSize, 0, after), cancellationToken).ConfigureAwait(false);
            yield return page;

            if (page.Items.Count == 0 || page.Items.Count < pageSize || page.Items.Count > pageSize)
            {
                yield break;
            }

            after = idOf(page.Items[^1]);
        }
    }

    private static async IAsyncEnumerable<T> Flatten<T>(IAsyncEnumerable<CoderPage<T>> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var page in pages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in page.Items)
            {
                yield return item;
            }
        }
    }

    /// <summary>Refuses a page size outside 1 to <see cref="MaxPageSize"/> before any request is sent.</summary>
    /// <param name="pageSize">The page size to check.</param>
    /// <param name="name">The caller's parameter name, for the exception.</param>
    internal static void CheckPageSize(int pageSize, [CallerArgumentExpression(nameof(pageSize))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize, name);
    }
}
