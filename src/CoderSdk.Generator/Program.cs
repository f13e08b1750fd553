using System.Diagnostics;
using System.Globalization;
using CoderSdk.Generator;

const string Usage = """
    Generates src/CoderSdk/Generated from Coder's Swagger 2.0 document.

    Usage:
      dotnet run --project src/CoderSdk.Generator [-- options]

    With no --spec, the tool reads its inputs from src/CoderSdk.Generator/generator.json (paths relative to the
    repository root): the pinned spec copy inside the repository, the release it is, the release history and
    src/CoderSdk/Generated. It also rewrites docs/api-coverage.md, the stored history (when the releases folder is
    there) and the compatibility table in README.md. With --spec (another release into a scratch copy), only --out,
    --coverage and --history are written.

    Options:
      --spec <file>        Coder's swagger.json (default: generator.json's "spec").
      --nullability <file> The nullability.json of the same release (default: generator.json's "nullability").
      --out <folder>       Where the generated files go (default: generator.json's "out").
      --overrides <file>   Names, areas, statuses, units and type fixes (default: overrides.json next to the tool).
      --coverage <file>    Where to write the coverage page (default: docs/api-coverage.md in the repository above --out).
      --release <name>     The release the spec is (default: generator.json's "release", or the spec's folder name).
      --releases <folder>  One sub-folder per release with swagger.json + nullability.json (default: generator.json's
                           "releases"); when absent, the stored history is used.
      --history <file>     Where the release history is stored (default with no --spec: generator.json's "history").
      --baseline <file>    With --spec: the spec that stream routes and definitions the hand-written layer needs
                           come from when the spec lacks them (default: the pinned spec).
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
        File.ReadAllText(options.Overrides),
        ReadHistory(options));
    var coverage = options.Coverage ?? (OutputFiles.FindRepositoryRoot(options.Out) is { } root ? Path.Combine(root, "docs", "api-coverage.md") : null);
    var extraFiles = new Dictionary<string, string>(StringComparer.Ordinal);
    if (coverage is not null)
    {
        extraFiles[coverage] = api.Coverage;
    }

    if (options.History is not null && options.Releases is not null && Directory.Exists(options.Releases))
    {
        extraFiles[options.History] = api.History.ToJson();
    }

    if (options.Readme is not null && File.Exists(options.Readme))
    {
        extraFiles[options.Readme] = CoderSdk.Generator.Emit.CompatibilityEmitter.UpdateReadme(File.ReadAllText(options.Readme), api);
    }

    foreach (var warning in api.Warnings)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }

    Console.WriteLine(api.History.IsKnown
        ? $"Release history: {api.History}{(options.Releases is not null && Directory.Exists(options.Releases) ? $" (from {options.Releases})" : " (stored)")}."
        : "Release history: none (no releases folder and no stored history); version metadata is left out.");

    var summary = $"{api.Operations.Count} of {api.Operations.Count + api.Streams.Count + api.Excluded.Count} operations in {api.Areas.Count} areas ({api.Streams.Count} more as streams), " +
        $"{api.GeneratedDefinitionCount} of {api.DefinitionCount} definitions as types, {api.Files.Count} files";
    if (options.Check)
    {
        var differences = OutputFiles.Compare(options.Out, api.Files).ToList();
        foreach (var (file, text) in extraFiles)
        {
            if (!File.Exists(file) || File.ReadAllText(file) != text)
            {
                differences.Add($"differs: {file}");
            }
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
    foreach (var (file, text) in extraFiles)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text, new System.Text.UTF8Encoding(false));
    }

    Console.WriteLine($"Generated {summary}; {changed} changed, in {clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s.");
    return 0;
}
catch (Exception ex) when (ex is GeneratorException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}

static HistorySource? ReadHistory(GeneratorOptions options)
{
    var source = ReadReleases(options);
    return options.Baseline is { } baseline && File.Exists(baseline) && Path.GetFullPath(baseline) != Path.GetFullPath(options.Spec)
        ? (source ?? new HistorySource(options.Release, options.OldestSupported, null, null)) with { BaselineJson = File.ReadAllText(baseline) }
        : source;
}

static HistorySource? ReadReleases(GeneratorOptions options)
{
    if (options.Releases is { } folder && Directory.Exists(folder))
    {
        var inputs = Directory.GetDirectories(folder)
            .Where(d => File.Exists(Path.Combine(d, "swagger.json")) && File.Exists(Path.Combine(d, "nullability.json")))
            .Order(StringComparer.Ordinal)
            .Select(d => new CoderSdk.Generator.Spec.ReleaseHistory.Input(
                Path.GetFileName(d), File.ReadAllText(Path.Combine(d, "swagger.json")), File.ReadAllText(Path.Combine(d, "nullability.json"))))
            .ToList();
        return new HistorySource(options.Release, options.OldestSupported, inputs, null);
    }

    return options.History is { } stored && File.Exists(stored)
        ? new HistorySource(options.Release, options.OldestSupported, null, File.ReadAllText(stored))
        : null;
}

static GeneratorOptions? ParseArguments(string[] args)
{
    string? spec = null, nullability = null, output = null, coverage = null, release = null, releases = null, history = null, baseline = null;
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
            case "--release": release = Next(); break;
            case "--releases": releases = Next(); break;
            case "--history": history = Next(); break;
            case "--baseline": baseline = Next(); break;
            case "--check": check = true; break;
            default: return null;
        }
    }

    var settings = GeneratorSettings.Load(Directory.GetCurrentDirectory()) ?? GeneratorSettings.Load(AppContext.BaseDirectory);
    if (spec is null && settings is not null)
    {
        // The pinned release: everything from generator.json, including the stored history and the README table.
        return new GeneratorOptions(settings.Spec, nullability ?? settings.Nullability, output ?? settings.Out, overrides, coverage, check)
        {
            Release = release ?? settings.Release,
            OldestSupported = settings.OldestSupported,
            Releases = releases ?? settings.Releases,
            History = history ?? settings.History,
            Readme = output is null ? settings.Readme : null,
        };
    }

    if (spec is null || output is null)
    {
        return null;
    }

    // Another spec (a release into a scratch copy): the history is rebuilt from the releases folder in memory and
    // written only where --history says; the repository's history and README are left alone.
    return new GeneratorOptions(spec, nullability, output, overrides, coverage, check)
    {
        Release = release ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(spec))) ?? "spec",
        OldestSupported = settings?.OldestSupported ?? "v2.24.0",
        Releases = releases ?? settings?.Releases,
        History = history,
        Baseline = baseline ?? settings?.Spec,
    };
}
