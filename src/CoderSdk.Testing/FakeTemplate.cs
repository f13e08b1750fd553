namespace CoderSdk.Testing;

/// <summary>A template and its active version.</summary>
public sealed class FakeTemplate
{
    /// <summary>The template id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The owning organization.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The unique name within the organization.</summary>
    public required string Name { get; init; }

    /// <summary>The display name.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>The icon path.</summary>
    public string Icon { get; init; } = string.Empty;

    /// <summary>The version new workspaces use.</summary>
    public Guid ActiveVersionId { get; set; }

    /// <summary>Who created it.</summary>
    public Guid CreatedById { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
