using System.Text.Json;

namespace CoderSdk.Generator;

/// <summary>
/// The generator's default inputs, read from <c>src/CoderSdk.Generator/generator.json</c>: the one place that names
/// the pinned spec, its nullability file and the output folder. Paths in the file are relative to the repository root
/// and are returned absolute.
/// </summary>
internal sealed record GeneratorSettings(string Spec, string Nullability, string Out)
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
        string Read(string name) =>
            document.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
                ? Path.GetFullPath(Path.Combine(root, text))
                : throw new GeneratorException($"{file} has no \"{name}\" entry.");

        return new GeneratorSettings(Read("spec"), Read("nullability"), Read("out"));
    }
}
