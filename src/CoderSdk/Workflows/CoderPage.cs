namespace CoderSdk.Workflows;

/// <summary>One page of a list, with the total the server reported (for UIs that show "1-100 of 2,500").</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="Items">The items on this page.</param>
/// <param name="TotalCount">How many items match across all pages, when the endpoint reports it (its <c>count</c>).</param>
/// <param name="Request">The request that fetched the page.</param>
public sealed record CoderPage<T>(IReadOnlyList<T> Items, long? TotalCount, CoderPageRequest Request)
{
    /// <summary>
    /// True when more items may follow: the server's count lies beyond this page's window (offset plus the limit asked
    /// for), or, without a count, the page was not empty. A page can hold fewer items than asked for and still not be
    /// the last: coderd drops rows the caller may not read after applying the limit.
    /// </summary>
    public bool HasMore => TotalCount is { } total ? Request.Offset + Request.Limit < total : Items.Count > 0 && Items.Count <= Request.Limit;
}
