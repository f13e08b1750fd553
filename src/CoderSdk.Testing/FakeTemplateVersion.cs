namespace CoderSdk.Testing;

/// <summary>A template version.</summary>
public sealed class FakeTemplateVersion
{
    /// <summary>The version id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The template it belongs to; <see cref="Guid.Empty"/> for a version pushed before its template was created.</summary>
    public Guid TemplateId { get; set; }

    /// <summary>The organization it was created in.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The version name.</summary>
    public required string Name { get; init; }

    /// <summary>The message it was created with.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The import job.</summary>
    public Guid JobId { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The Terraform variables its archive declares, with the values it was created with.</summary>
    public IReadOnlyList<FakeTemplateVariable> Variables { get; init; } = [];
}
