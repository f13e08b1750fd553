namespace CoderSdk.Filters;

/// <summary>The common part of the typed search builders: an ordered list of terms written as coderd's <c>q=</c> string.</summary>
/// <typeparam name="TSelf">The concrete builder, returned by each fluent call.</typeparam>
public abstract class CoderSearchFilter<TSelf> where TSelf : CoderSearchFilter<TSelf>
{
    private readonly List<string> _terms = [];

    /// <summary>The terms so far, in order.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>Adds a term written by hand (a key this builder does not know yet, or bare words), unchanged.</summary>
    /// <param name="term">The term, e.g. <c>has-ai-task:true</c>.</param>
    /// <returns>This filter.</returns>
    public TSelf Raw(string term)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        _terms.Add(term.Trim());
        return (TSelf)this;
    }

    /// <summary>The query string, e.g. <c>owner:me status:running</c> (empty when no term was added).</summary>
    /// <returns>The query.</returns>
    public override string ToString() => string.Join(' ', _terms);

    /// <summary>The query string, so a filter can be passed wherever a <c>q</c> string goes.</summary>
    /// <param name="filter">The filter.</param>
    public static implicit operator string(CoderSearchFilter<TSelf> filter) => filter?.ToString() ?? string.Empty;

    /// <summary>Adds a <c>key:value</c> term, quoting the value as needed.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This filter.</returns>
    protected TSelf With(string key, string value)
    {
        _terms.Add(CoderSearchQuery.Term(key, value));
        return (TSelf)this;
    }

    /// <summary>Adds a <c>key:true</c> or <c>key:false</c> term.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This filter.</returns>
    protected TSelf With(string key, bool value) => With(key, value ? "true" : "false");

    /// <summary>Adds a term with a time, formatted as coderd parses it (RFC 3339, UTC).</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The time.</param>
    /// <returns>This filter.</returns>
    protected TSelf With(string key, DateTimeOffset value) => With(key, CoderSearchQuery.FormatTime(value));
}
