namespace CoderSdk.Testing;

/// <summary>An uploaded file (a template archive), kept once per content hash and uploader, as coderd keeps them.</summary>
public sealed class FakeFile
{
    /// <summary>The file id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The SHA-256 of the content, lowercase hex.</summary>
    public required string Hash { get; init; }

    /// <summary>Who uploaded it.</summary>
    public Guid CreatedById { get; init; }

    /// <summary>The media type it was uploaded with.</summary>
    public required string MediaType { get; init; }

    /// <summary>The content.</summary>
    public required byte[] Data { get; init; }

    /// <summary>When it was first uploaded.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}
