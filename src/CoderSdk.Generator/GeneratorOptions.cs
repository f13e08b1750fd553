namespace CoderSdk.Generator;

/// <summary>The command line, parsed.</summary>
internal sealed record GeneratorOptions(string Spec, string? Nullability, string Out, string Overrides, string? Coverage, bool Check)
{
    /// <summary>The release the spec is.</summary>
    public string Release { get; init; } = string.Empty;

    /// <summary>The oldest supported release (where the history starts).</summary>
    public string OldestSupported { get; init; } = string.Empty;

    /// <summary>The folder of release specs, if any.</summary>
    public string? Releases { get; init; }

    /// <summary>The stored history file: read when <see cref="Releases"/> is absent, rewritten when it is there.</summary>
    public string? History { get; init; }

    /// <summary>The pinned spec, for what the hand-written layer needs when another spec lacks it.</summary>
    public string? Baseline { get; init; }

    /// <summary>The README whose compatibility table is kept up to date, if any.</summary>
    public string? Readme { get; init; }
}
