using System.Text.Json;

namespace CoderSdk.Generator;

/// <summary>
/// The generator's default inputs, read from <c>src/CoderSdk.Generator/generator.json</c>: the one place that names
/// the pinned spec, its nullability file, the release it is, the release history and the output folder. Paths in the
/// file are relative to the repository root and are returned absolute.
/// </summary>
/// <param name="Spec">The pinned swagger.json.</param>
/// <param name="Nullability">Its nullability.json.</param>
/// <param name="Out">The folder the generated code goes to.</param>
/// <param name="Release">The release the pinned spec is (<c>v2.36.0</c>).</param>
/// <param name="OldestSupported">The oldest coderd release the SDK supports.</param>
/// <param name="Releases">The folder of release specs (one sub-folder per release); it may be absent on a fresh clone.</param>
/// <param name="History">The stored release history, rewritten from <paramref name="Releases"/> when that is there.</param>
/// <param name="Readme">The README whose compatibility table the generator keeps up to date.</param>
internal sealed record GeneratorSettings(
    string Spec, string Nullability, string Out, string Release, string OldestSupported, string Releases, string History, string Readme)
{
    /// <summary>Where the settings file sits, relative to the repository root.</summary>
    public const string RelativePath = "src/CoderSdk.Generator/generator.json";

    /// <summary>Reads the settings of the repository above <paramref name="folder"/>, or null when there is none.</summary>
    public static GeneratorSettings? Load(string folder)
    {
        if (OutputFiles.FindRepositoryRoot(folder) is not { } root)
        {
            return null;
        }

        var file = Path.Combine(root, RelativePath);
        if (!File.Exists(file))
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(file));
        string Text(string name) =>
            document.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? text
                : throw new GeneratorException($"{file} has no \"{name}\" entry.");
        string FullPath(string name) => Path.GetFullPath(Path.Combine(root, Text(name)));

        return new GeneratorSettings(
            FullPath("spec"), FullPath("nullability"), FullPath("out"), Text("release"), Text("oldestSupported"),
            FullPath("releases"), FullPath("history"), FullPath("readme"));
    }
}
