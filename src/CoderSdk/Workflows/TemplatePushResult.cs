using CoderSdk.Models;

namespace CoderSdk.Workflows;

/// <summary>What a template push did.</summary>
public sealed class TemplatePushResult
{
    /// <summary>The template as coderd reports it after the push.</summary>
    public required Template Template { get; init; }

    /// <summary>The new version, imported.</summary>
    public required TemplateVersion Version { get; init; }

    /// <summary>True when the push created the template.</summary>
    public bool Created { get; init; }

    /// <summary>True when the new version became the template's active one (always so for a created template).</summary>
    public bool Activated { get; init; }

    /// <summary>The id of the uploaded archive.</summary>
    public Guid FileId { get; init; }

    /// <summary>
    /// True when coderd already held an archive with these bytes from the same user and answered with its id (status
    /// 200) instead of storing a new one (201). Only a <see cref="CoderClient"/> sees the status; through another
    /// <see cref="ICoderClient"/> (a test double) this stays false.
    /// </summary>
    public bool UploadReused { get; init; }

    /// <summary>The archive's SHA-256, lowercase hex: the hash coderd files it under.</summary>
    public required string ArchiveSha256 { get; init; }

    /// <summary>The archive's size in bytes.</summary>
    public long ArchiveSize { get; init; }
}
