namespace CoderSdk.Workflows;

/// <summary>Which page to fetch: a page size and either an offset or the id of the last item already seen.</summary>
/// <param name="Limit">How many items to ask for.</param>
/// <param name="Offset">How many items to skip (offset paging; 0 with keyset paging).</param>
/// <param name="AfterId">Return items after this one (keyset paging with <c>after_id</c>); null with offset paging.</param>
public sealed record CoderPageRequest(int Limit, long Offset, Guid? AfterId = null);
