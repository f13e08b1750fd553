namespace CoderSdk.Testing;

/// <summary>A workspace.</summary>
public sealed class FakeWorkspace
{
    /// <summary>The workspace id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The owner.</summary>
    public Guid OwnerId { get; init; }

    /// <summary>The organization.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The template.</summary>
    public Guid TemplateId { get; init; }

    /// <summary>The name, unique per owner.</summary>
    public required string Name { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it was last used.</summary>
    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>Auto-stop after this many milliseconds, if set.</summary>
    public long? TtlMs { get; set; }

    /// <summary>The cron schedule for auto-start, if set.</summary>
    public string? AutostartSchedule { get; set; }

    /// <summary>Whether a delete build has succeeded.</summary>
    public bool Deleted { get; set; }

    /// <summary>When it became dormant, if it is.</summary>
    public DateTimeOffset? DormantAt { get; set; }

    /// <summary>Builds, oldest first.</summary>
    public List<Guid> BuildIds { get; } = [];
}
