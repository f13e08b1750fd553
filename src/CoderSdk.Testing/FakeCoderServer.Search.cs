namespace CoderSdk.Testing;

/// <summary>coderd's search-query parser, exposed so tests can check what coderd would read from a <c>q=</c> string.</summary>
public sealed partial class FakeCoderServer
{
    /// <summary>
    /// Splits a search query into key/value terms exactly as coderd's searchquery package does (before it lower-cases
    /// and validates keys): bare words become <c>name</c> (or <c>owner</c> and <c>name</c> for <c>owner/name</c>).
    /// </summary>
    /// <param name="query">The query.</param>
    /// <param name="error">coderd's validation message when the query is malformed, else null.</param>
    /// <returns>The terms, in coderd's order (key:value terms first, then the joined bare words).</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseSearchQuery(string query, out string? error) =>
        [.. FakeWorkspaceFilter.SearchTerms(query, out error).Select(t => new KeyValuePair<string, string>(t.Key, t.Value))];
}
