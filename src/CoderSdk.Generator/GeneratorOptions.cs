namespace CoderSdk.Generator;

/// <summary>The command line, parsed.</summary>
internal sealed record GeneratorOptions(string Spec, string? Nullability, string Out, string Overrides, string? Coverage, bool Check);
