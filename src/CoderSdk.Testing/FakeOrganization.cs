namespace CoderSdk.Testing;

/// <summary>An organization.</summary>
public sealed class FakeOrganization
{
    /// <summary>The organization id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The unique name.</summary>
    public required string Name { get; init; }

    /// <summary>The display name.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
