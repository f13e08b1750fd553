namespace CoderSdk.Filters;

/// <summary>
/// Builds a template search (<c>GET /api/v2/templates?q=</c>). Each call adds a term; coderd ANDs them.
/// Converts to the query string implicitly.
/// </summary>
public sealed class TemplateFilter : CoderSearchFilter<TemplateFilter>
{
    /// <summary>Templates the caller authored: <c>author:me</c>.</summary>
    /// <returns>A new filter.</returns>
    public static TemplateFilter AuthoredByMe() => new TemplateFilter().Author("me");

    /// <summary>Templates whose name contains <paramref name="name"/> (<c>name:</c>).</summary>
    /// <param name="name">Part of the name.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter Name(string name) => With("name", name);

    /// <summary>The template with exactly this name (<c>exact_name:</c>).</summary>
    /// <param name="name">The name.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter ExactName(string name) => With("exact_name", name);

    /// <summary>Templates whose display name contains <paramref name="displayName"/> (<c>display_name:</c>).</summary>
    /// <param name="displayName">Part of the display name.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter DisplayName(string displayName) => With("display_name", displayName);

    /// <summary>Templates in an organization (<c>organization:</c>, by name or id).</summary>
    /// <param name="organization">The organization name or id.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter Organization(string organization) => With("organization", organization);

    /// <summary>Templates by author (<c>author:</c>): a username, or <c>me</c>.</summary>
    /// <param name="username">The author's username or <c>me</c>.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter Author(string username) => With("author", username);

    /// <summary>Deprecated (or not deprecated) templates (<c>deprecated:</c>).</summary>
    /// <param name="deprecated">True for deprecated templates.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter Deprecated(bool deprecated = true) => With("deprecated", deprecated);

    /// <summary>Deleted templates (<c>deleted:true</c>).</summary>
    /// <param name="deleted">True for deleted templates.</param>
    /// <returns>This filter.</returns>
    public TemplateFilter Deleted(bool deleted = true) => With("deleted", deleted);
}
