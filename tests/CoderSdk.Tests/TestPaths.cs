namespace CoderSdk.Tests;

/// <summary>Where the repository, the shared Coder API inputs and the test data are, seen from the test assembly.</summary>
internal static class TestPaths
{
    /// <summary>The repository root: the first folder above the test assembly that holds <c>CoderSdk.sln</c>.</summary>
    public static string RepositoryRoot { get; } = FindUp(dir => File.Exists(Path.Combine(dir, "CoderSdk.sln")), "CoderSdk.sln");

    /// <summary>The folder holding Coder's <c>swagger.json</c> and <c>nullability.json</c> (<c>../shared/coder-api</c>).</summary>
    public static string CoderApi { get; } = Path.Combine(
        FindUp(dir => File.Exists(Path.Combine(dir, "shared", "coder-api", "swagger.json")), "shared/coder-api/swagger.json"),
        "shared",
        "coder-api");

    public static string Swagger => Path.Combine(CoderApi, "swagger.json");

    public static string Nullability => Path.Combine(CoderApi, "nullability.json");

    /// <summary>The overrides file the generator uses for the SDK.</summary>
    public static string Overrides => Path.Combine(RepositoryRoot, "src", "CoderSdk.Generator", "overrides.json");

    public static string Generated => Path.Combine(RepositoryRoot, "src", "CoderSdk", "Generated");

    public static string Coverage => Path.Combine(RepositoryRoot, "docs", "api-coverage.md");

    /// <summary>Test data copied next to the test assembly.</summary>
    public static string TestData(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Generator", "TestData", .. parts]);

    /// <summary>Test data in the source tree (where golden files are updated).</summary>
    public static string SourceTestData(params string[] parts) =>
        Path.Combine([RepositoryRoot, "tests", "CoderSdk.Tests", "Generator", "TestData", .. parts]);

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
