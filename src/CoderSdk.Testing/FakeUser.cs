namespace CoderSdk.Testing;

/// <summary>A user account held by the fake server.</summary>
public sealed class FakeUser
{
    /// <summary>The user id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The login name.</summary>
    public required string Username { get; init; }

    /// <summary>The e-mail address.</summary>
    public required string Email { get; init; }

    /// <summary>The display name (empty when unset).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>active</c>, <c>dormant</c> or <c>suspended</c>.</summary>
    public string Status { get; set; } = "active";

    /// <summary>Site-wide roles, e.g. <c>owner</c>.</summary>
    public List<string> Roles { get; } = [];

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The session token that authenticates as this user.</summary>
    public required string SessionToken { get; init; }
}
