namespace CoderSdk.Errors;

/// <summary>One file of a template archive and its size, as <see cref="CoderTemplateArchiveException.LargestFiles"/> lists them.</summary>
/// <param name="Path">The path inside the archive, with <c>/</c> separators.</param>
/// <param name="Size">The file's size in bytes.</param>
public sealed record TemplateArchiveFile(string Path, long Size);
