namespace CoderSdk.Filters;

/// <summary>
/// Builds a user search (<c>GET /api/v2/users?q=</c>). Each call adds a term; coderd ANDs them.
/// Converts to the query string implicitly.
/// </summary>
public sealed class UserFilter : CoderSearchFilter<UserFilter>
{
    /// <summary>Users whose username or e-mail contains <paramref name="text"/> (<c>search:</c>).</summary>
    /// <param name="text">The text to look for.</param>
    /// <returns>This filter.</returns>
    public UserFilter Search(string text) => With("search", text);

    /// <summary>Users whose display name contains <paramref name="name"/> (<c>name:</c>).</summary>
    /// <param name="name">Part of the display name.</param>
    /// <returns>This filter.</returns>
    public UserFilter Name(string name) => With("name", name);

    /// <summary>Users in a status (<c>status:</c>): <c>active</c>, <c>dormant</c> or <c>suspended</c>.</summary>
    /// <param name="status">The status.</param>
    /// <returns>This filter.</returns>
    public UserFilter Status(string status) => With("status", status);

    /// <summary>Users with a site role (<c>role:</c>), e.g. <c>owner</c> or <c>template-admin</c>.</summary>
    /// <param name="role">The role name.</param>
    /// <returns>This filter.</returns>
    public UserFilter Role(string role) => With("role", role);

    /// <summary>Users who sign in a given way (<c>login_type:</c>): <c>password</c>, <c>github</c>, <c>oidc</c> or <c>none</c>.</summary>
    /// <param name="loginType">The login type.</param>
    /// <returns>This filter.</returns>
    public UserFilter LoginType(string loginType) => With("login_type", loginType);

    /// <summary>Users last seen before a time (<c>last_seen_before:</c>).</summary>
    /// <param name="time">The time.</param>
    /// <returns>This filter.</returns>
    public UserFilter LastSeenBefore(DateTimeOffset time) => With("last_seen_before", time);

    /// <summary>Users last seen after a time (<c>last_seen_after:</c>).</summary>
    /// <param name="time">The time.</param>
    /// <returns>This filter.</returns>
    public UserFilter LastSeenAfter(DateTimeOffset time) => With("last_seen_after", time);

    /// <summary>Users created before a time (<c>created_before:</c>).</summary>
    /// <param name="time">The time.</param>
    /// <returns>This filter.</returns>
    public UserFilter CreatedBefore(DateTimeOffset time) => With("created_before", time);

    /// <summary>Users created after a time (<c>created_after:</c>).</summary>
    /// <param name="time">The time.</param>
    /// <returns>This filter.</returns>
    public UserFilter CreatedAfter(DateTimeOffset time) => With("created_after", time);
}
