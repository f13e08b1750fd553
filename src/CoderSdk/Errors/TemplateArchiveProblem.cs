namespace CoderSdk.Errors;

/// <summary>Why a template directory or tar stream could not become an upload.</summary>
public enum TemplateArchiveProblem
{
    /// <summary>The directory holds no <c>.tf</c> or <c>.tf.json</c> file at its top level (an empty directory included).</summary>
    NoTerraformFiles = 0,

    /// <summary>A symbolic link points outside the directory; the SDK does not follow it and does not archive it.</summary>
    SymlinkOutsideDirectory = 1,

    /// <summary>The archive would be larger than the limit; nothing was uploaded.</summary>
    TooLarge = 2,
}
