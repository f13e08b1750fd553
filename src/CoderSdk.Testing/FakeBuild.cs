namespace CoderSdk.Testing;

/// <summary>A workspace build.</summary>
public sealed class FakeBuild
{
    /// <summary>The build id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The workspace.</summary>
    public Guid WorkspaceId { get; init; }

    /// <summary>The sequence number within the workspace, from 1.</summary>
    public int BuildNumber { get; init; }

    /// <summary><c>start</c>, <c>stop</c> or <c>delete</c>.</summary>
    public required string Transition { get; init; }

    /// <summary><c>initiator</c>, <c>autostart</c>, <c>autostop</c>, ....</summary>
    public string Reason { get; init; } = "initiator";

    /// <summary>The template version built.</summary>
    public Guid TemplateVersionId { get; init; }

    /// <summary>Who started it.</summary>
    public Guid InitiatorId { get; init; }

    /// <summary>The provisioner job that runs it.</summary>
    public Guid JobId { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
