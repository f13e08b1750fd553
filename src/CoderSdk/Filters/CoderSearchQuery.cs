using System.Globalization;

namespace CoderSdk.Filters;

/// <summary>
/// Writes terms of coderd's search syntax (the <c>q=</c> parameter) so coderd reads back exactly the value given.
/// </summary>
/// <remarks>
/// coderd splits the query on spaces outside double quotes, splits each term once on a <c>:</c> outside double quotes,
/// and trims double quotes from both ends of key and value; it has no escape character, lower-cases the whole query
/// for workspaces, users, templates and audit logs, and joins bare words (terms without <c>:</c>) into one term. So a
/// value containing a space or <c>:</c> is wrapped in double quotes (<c>template:"my template"</c>,
/// <c>last_used_after:"2025-01-02T03:04:05Z"</c>); a value containing double quotes works only where the quotes pair
/// up inside it and do not start or end it, and anything else cannot be expressed: <see cref="Term"/> throws rather
/// than send a query coderd would read differently.
/// </remarks>
public static class CoderSearchQuery
{
    /// <summary>Writes one <c>key:value</c> term, quoting the value when needed.</summary>
    /// <param name="key">The search key, e.g. <c>owner</c>.</param>
    /// <param name="value">The value, as coderd should read it.</param>
    /// <returns>The term.</returns>
    /// <exception cref="ArgumentException">The key is not a plain word, or coderd's syntax cannot carry the value.</exception>
    public static string Term(string key, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        foreach (var c in key)
        {
            if (c is ' ' or ':' or '"' || char.IsControl(c))
            {
                throw new ArgumentException($"The search key '{key}' may not contain spaces, ':' or '\"'.", nameof(key));
            }
        }

        return key + ":" + QuoteValue(value, key);
    }

    /// <summary>Writes a value so that coderd reads it back unchanged: bare when it can be, in double quotes when it must.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value, quoted if needed.</returns>
    /// <exception cref="ArgumentException">coderd's syntax cannot carry the value.</exception>
    public static string Quote(string value) => QuoteValue(value, null);

    /// <summary>Formats a time the way coderd's <c>*_before</c>/<c>*_after</c> keys parse it (RFC 3339, UTC).</summary>
    /// <param name="value">The time.</param>
    /// <returns>For example <c>2025-01-02T03:04:05Z</c> or <c>2025-01-02T03:04:05.25Z</c>.</returns>
    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string QuoteValue(string value, string? key)
    {
        ArgumentNullException.ThrowIfNull(value);
        var what = key is null ? "The value" : $"The value of '{key}'";
        if (value.Length == 0)
        {
            throw new ArgumentException($"{what} is empty; coderd rejects a term that ends with ':'.", nameof(value));
        }

        var quotes = 0;
        var needsQuotes = false;
        foreach (var c in value)
        {
            if (c == '"')
            {
                quotes++;
            }
            else if (c is ' ' or ':')
            {
                // Inside the wrapping quotes a separator is protected only while the quotes before it pair up.
                if (quotes % 2 != 0)
                {
                    throw Unrepresentable(what, value);
                }

                needsQuotes = true;
            }
        }

        if (quotes > 0 && (quotes % 2 != 0 || value[0] == '"' || value[^1] == '"'))
        {
            throw Unrepresentable(what, value);
        }

        return needsQuotes ? "\"" + value + "\"" : value;
    }

    private static ArgumentException Unrepresentable(string what, string value) =>
        new($"{what} ({value}) cannot be written in coderd's search syntax, which has no escape for '\"': coderd would read a different value.", nameof(value));
}
