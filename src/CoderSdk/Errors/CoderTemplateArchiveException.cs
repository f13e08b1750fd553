using System.Globalization;

namespace CoderSdk.Errors;

/// <summary>
/// A template could not be archived or was refused before anything was sent: no Terraform files, a symbolic link that
/// leaves the directory, or an archive over the size limit (<see cref="Limit"/>, with the <see cref="LargestFiles"/>).
/// </summary>
public sealed class CoderTemplateArchiveException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="directory">The template directory (full path), or null for a tar stream.</param>
    /// <param name="message">What happened, without secrets.</param>
    /// <param name="path">The entry concerned (the symbolic link), relative to the directory, when there is one.</param>
    /// <param name="size">For <see cref="TemplateArchiveProblem.TooLarge"/>: the size the archive reached (at least).</param>
    /// <param name="limit">For <see cref="TemplateArchiveProblem.TooLarge"/>: the largest size allowed.</param>
    /// <param name="largestFiles">For <see cref="TemplateArchiveProblem.TooLarge"/>: the biggest files, largest first.</param>
    public CoderTemplateArchiveException(TemplateArchiveProblem problem, string? directory, string message, string? path = null, long size = 0, long limit = 0, IReadOnlyList<TemplateArchiveFile>? largestFiles = null)
        : base(message)
    {
        Problem = problem;
        Directory = directory;
        Path = path;
        Size = size;
        Limit = limit;
        LargestFiles = largestFiles ?? [];
    }

    /// <summary>What is wrong.</summary>
    public TemplateArchiveProblem Problem { get; }

    /// <summary>The template directory (full path), or null when a tar stream was pushed.</summary>
    public string? Directory { get; }

    /// <summary>The entry concerned (the symbolic link, relative to the directory), when there is one.</summary>
    public string? Path { get; }

    /// <summary>For <see cref="TemplateArchiveProblem.TooLarge"/>: how big the archive is (or at least would be), in bytes.</summary>
    public long Size { get; }

    /// <summary>For <see cref="TemplateArchiveProblem.TooLarge"/>: the largest size allowed, in bytes.</summary>
    public long Limit { get; }

    /// <summary>For <see cref="TemplateArchiveProblem.TooLarge"/>: the biggest files that went into the archive, largest first (at most five); empty otherwise.</summary>
    public IReadOnlyList<TemplateArchiveFile> LargestFiles { get; }

    internal static CoderTemplateArchiveException TooLarge(string? directory, long size, long limit, IReadOnlyList<TemplateArchiveFile> largest)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"The template archive of {directory ?? "the tar stream"} is {size:N0} bytes or more, over the limit of {limit:N0} bytes; nothing was uploaded.");
        if (largest.Count > 0)
        {
            text += " Largest files: " + string.Join(", ", largest.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Path} ({f.Size:N0} bytes)"))) + ".";
        }

        return new CoderTemplateArchiveException(TemplateArchiveProblem.TooLarge, directory, text, size: size, limit: limit, largestFiles: largest);
    }
}
