namespace CoderSdk.Tests;

/// <summary>Where the repository, the pinned Coder API inputs and the test data are, seen from the test assembly.</summary>
internal static class TestPaths
{
    /// <summary>The repository root: the first folder above the test assembly that holds <c>CoderSdk.sln</c>.</summary>
    public static string RepositoryRoot { get; } = FindUp(dir => File.Exists(Path.Combine(dir, "CoderSdk.sln")), "CoderSdk.sln");

    /// <summary>The generator's inputs as <c>src/CoderSdk.Generator/generator.json</c> names them (the pinned spec inside the repository).</summary>
    private static CoderSdk.Generator.GeneratorSettings Settings { get; } =
        CoderSdk.Generator.GeneratorSettings.Load(RepositoryRoot)
        ?? throw new InvalidOperationException($"{RepositoryRoot} has no {CoderSdk.Generator.GeneratorSettings.RelativePath}.");

    /// <summary>The pinned Coder <c>swagger.json</c> the SDK is generated from.</summary>
    public static string Swagger => Settings.Spec;

    /// <summary>The <c>nullability.json</c> of the same release.</summary>
    public static string Nullability => Settings.Nullability;

    /// <summary>The stored release history (which release first has each operation and field).</summary>
    public static string History => Settings.History;

    /// <summary>The history as the generator reads it on a clone without the releases folder beside it.</summary>
    public static CoderSdk.Generator.HistorySource StoredHistory =>
        new(Settings.Release, Settings.OldestSupported, null, File.ReadAllText(History));

    /// <summary>The overrides file the generator uses for the SDK.</summary>
    public static string Overrides => Path.Combine(RepositoryRoot, "src", "CoderSdk.Generator", "overrides.json");

    public static string Generated => Path.Combine(RepositoryRoot, "src", "CoderSdk", "Generated");

    public static string Coverage => Path.Combine(RepositoryRoot, "docs", "api-coverage.md");

    /// <summary>The generator tests' data, copied next to their test assembly.</summary>
    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    /// <summary>The generator tests' data in the source tree (where golden files are updated).</summary>
    public static string SourceTestData(params string[] parts) =>
        Path.Combine([RepositoryRoot, "tests", "CoderSdk.Generator.Tests", "TestData", .. parts]);

    private static string FindUp(Func<string, bool> found, string what)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (found(dir.FullName))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds {what}.");
    }
}
