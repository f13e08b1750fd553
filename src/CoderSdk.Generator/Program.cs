using System.Diagnostics;
using System.Globalization;
using CoderSdk.Generator;

const string Usage = """
    Generates src/CoderSdk/Generated from Coder's Swagger 2.0 document.

    Usage:
      dotnet run --project src/CoderSdk.Generator [-- options]

    With no --spec, --nullability or --out, the tool reads them from src/CoderSdk.Generator/generator.json (paths
    relative to the repository root): the pinned spec copy inside the repository and src/CoderSdk/Generated.

    Options:
      --spec <file>        Coder's swagger.json (default: generator.json's "spec").
      --nullability <file> The nullability.json of the same release (default: generator.json's "nullability").
      --out <folder>       Where the generated files go (default: generator.json's "out").
      --overrides <file>   Names, areas, statuses, units and type fixes (default: overrides.json next to the tool).
      --coverage <file>    Where to write the coverage page (default: docs/api-coverage.md in the repository above --out).
      --check              Write nothing; exit 1 and list every file that differs from what would be generated.

    Spec drift never stops the tool: whatever it cannot honour (a route no area rule matches, two methods or models
    with one name, a reference to a missing definition, an unknown format, a stale override) gets a deterministic
    fallback and a line "warning: ..." on stderr (and in the coverage page); see "Drift rules" in docs/generator.md.

    Exit codes:
      0  generated (or, with --check, up to date), warnings or not
      1  --check: generated files differ from the committed ones
      2  an input cannot be read: the spec is missing, not JSON or not Swagger 2.0; the nullability, overrides or
         generator.json file is missing or malformed; or the arguments are wrong
    """;

try
{
    var options = ParseArguments(args);
    if (options is null)
    {
        Console.Error.WriteLine(Usage);
        return 2;
    }

    var clock = Stopwatch.StartNew();
    var api = CodeGenerator.Generate(
        File.ReadAllText(options.Spec),
        options.Nullability is null ? string.Empty : File.ReadAllText(options.Nullability),
        File.ReadAllText(options.Overrides));
    var coverage = options.Coverage ?? (OutputFiles.FindRepositoryRoot(options.Out) is { } root ? Path.Combine(root, "docs", "api-coverage.md") : null);

    foreach (var warning in api.Warnings)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }

    var summary = $"{api.Operations.Count} of {api.Operations.Count + api.Streams.Count + api.Excluded.Count} operations in {api.Areas.Count} areas ({api.Streams.Count} more as streams), " +
        $"{api.GeneratedDefinitionCount} of {api.DefinitionCount} definitions as types, {api.Files.Count} files";
    if (options.Check)
    {
        var differences = OutputFiles.Compare(options.Out, api.Files).ToList();
        if (coverage is not null && (!File.Exists(coverage) || File.ReadAllText(coverage) != api.Coverage))
        {
            differences.Add($"differs: {coverage}");
        }

        foreach (var difference in differences)
        {
            Console.Error.WriteLine(difference);
        }

        Console.WriteLine(differences.Count == 0
            ? $"Generated code is up to date ({summary})."
            : $"{differences.Count} generated files are out of date; run the generator and commit the result.");
        return differences.Count == 0 ? 0 : 1;
    }

    var changed = OutputFiles.Write(options.Out, api.Files);
    if (coverage is not null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(coverage)!);
        File.WriteAllText(coverage, api.Coverage, new System.Text.UTF8Encoding(false));
    }

    Console.WriteLine($"Generated {summary}; {changed} changed, in {clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s.");
    return 0;
}
catch (Exception ex) when (ex is GeneratorException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

static GeneratorOptions? ParseArguments(string[] args)
{
    string? spec = null, nullability = null, output = null, coverage = null;
    var overrides = Path.Combine(AppContext.BaseDirectory, "overrides.json");
    var check = false;
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new GeneratorException($"{args[i]} needs a value.");
        switch (args[i])
        {
            case "--spec": spec = Next(); break;
            case "--nullability": nullability = Next(); break;
            case "--out": output = Next(); break;
            case "--overrides": overrides = Next(); break;
            case "--coverage": coverage = Next(); break;
            case "--check": check = true; break;
            default: return null;
        }
    }

    if (spec is null || output is null || nullability is null)
    {
        var settings = GeneratorSettings.Load(Directory.GetCurrentDirectory()) ?? GeneratorSettings.Load(AppContext.BaseDirectory);
        if (settings is null)
        {
            return spec is null || output is null ? null : new GeneratorOptions(spec, nullability, output, overrides, coverage, check);
        }

        spec ??= settings.Spec;
        output ??= settings.Out;
        nullability ??= settings.Nullability;
    }

    return new GeneratorOptions(spec, nullability, output, overrides, coverage, check);
}
