namespace CoderSdk.Tests.Conventions;

/// <summary>
/// The packable libraries declare their public surface in PublicAPI.*.txt files that the build checks (RS0016/RS0017,
/// docs/public-api.md). These tests keep the files in the shape the tooling relies on: nullable tracking on, one
/// sorted line per symbol (so <c>.ci/update-public-api</c> produces a minimal diff), no symbol declared twice, and the
/// projects wired for the analyzer and for package validation.
/// </summary>
public sealed class PublicApiFileConventionTests
{
    private const string Header = "#nullable enable";

    public static TheoryData<string> Libraries => new() { "CoderSdk", "CoderSdk.Testing", "CoderSdk.AspNetCore" };

    private static string ProjectDir(string library) => Path.Combine(TestPaths.RepositoryRoot, "src", library);

    /// <summary>The files of one project: the pair beside the project file and every per-framework pair.</summary>
    private static IEnumerable<string> ApiFiles(string library)
    {
        var dir = ProjectDir(library);
        var perFramework = Directory.Exists(Path.Combine(dir, "PublicAPI"))
            ? Directory.GetFiles(Path.Combine(dir, "PublicAPI"), "PublicAPI.*.txt", SearchOption.AllDirectories)
            : [];
        return new[] { Path.Combine(dir, "PublicAPI.Shipped.txt"), Path.Combine(dir, "PublicAPI.Unshipped.txt") }.Concat(perFramework.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void EveryFile_StartsWithNullableEnable_AndIsSortedWithoutDuplicates(string library)
    {
        foreach (var file in ApiFiles(library))
        {
            Assert.True(File.Exists(file), $"{file} is missing: every tracked library has PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt.");
            var lines = File.ReadAllLines(file);
            Assert.True(lines.Length > 0 && lines[0] == Header, $"{file} must start with '{Header}' so nullable annotations are tracked.");
            var symbols = lines.Skip(1).ToList();
            Assert.DoesNotContain(symbols, string.IsNullOrWhiteSpace);
            Assert.Equal(symbols.Distinct().Count(), symbols.Count);
            Assert.True(symbols.SequenceEqual(symbols.Order(StringComparer.Ordinal)), $"{file} is not sorted (ordinal): run .ci/update-public-api.");
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void NoSymbol_IsDeclaredInTwoFilesOfOneBuild(string library)
    {
        var dir = ProjectDir(library);
        var shared = SymbolsOf(Path.Combine(dir, "PublicAPI.Shipped.txt")).Concat(SymbolsOf(Path.Combine(dir, "PublicAPI.Unshipped.txt"))).ToList();
        Assert.Equal(shared.Distinct().Count(), shared.Count);
        var frameworks = Path.Combine(dir, "PublicAPI");
        foreach (var framework in Directory.Exists(frameworks) ? Directory.GetDirectories(frameworks) : [])
        {
            var own = SymbolsOf(Path.Combine(framework, "PublicAPI.Shipped.txt")).Concat(SymbolsOf(Path.Combine(framework, "PublicAPI.Unshipped.txt")));
            Assert.Empty(own.Intersect(shared));
        }
    }

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Project_ReferencesTheAnalyzer_AndValidatesItsPackage(string library)
    {
        var project = File.ReadAllText(Path.Combine(ProjectDir(library), library + ".csproj"));
        Assert.Contains("<PackageReference Include=\"Microsoft.CodeAnalysis.PublicApiAnalyzers\" PrivateAssets=\"all\" />", project, StringComparison.Ordinal);
        Assert.Contains("<EnablePackageValidation>true</EnablePackageValidation>", project, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryPublicTypeOfTheSdk_IsDeclared()
    {
        // The build enforces this symbol by symbol; checked here by reflection as well so a build that switched the
        // analyzer off (-p:CoderSdkPublicApiCheck=false) cannot go unnoticed in the tests.
        var declared = ApiFiles("CoderSdk").Where(File.Exists).SelectMany(SymbolsOf).ToHashSet(StringComparer.Ordinal);
        var missing = typeof(CoderClient).Assembly.GetExportedTypes()
            .Where(t => !t.IsGenericType)
            .Select(t => t.FullName!.Replace('+', '.'))
            .Where(name => !declared.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(missing.Count == 0, "Public types missing from src/CoderSdk/PublicAPI*.txt (run .ci/update-public-api): " + string.Join(", ", missing.Take(20)));
    }

    private static IEnumerable<string> SymbolsOf(string file) =>
        File.Exists(file) ? File.ReadAllLines(file).Skip(1).Where(l => l.Length > 0) : [];
}
