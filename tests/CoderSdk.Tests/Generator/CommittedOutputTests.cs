using CoderSdk.Generator;

namespace CoderSdk.Tests.Generator;

/// <summary>
/// The committed <c>src/CoderSdk/Generated</c> and <c>docs/api-coverage.md</c> are exactly what the generator produces
/// from the pinned spec and the overrides (the same check as <c>--check</c> in CI).
/// </summary>
public sealed class CommittedOutputTests
{
    private static readonly Lazy<GeneratedApi> Api = new(() => CodeGenerator.Generate(
        File.ReadAllText(TestPaths.Swagger),
        File.ReadAllText(TestPaths.Nullability),
        File.ReadAllText(TestPaths.Overrides),
        TestPaths.StoredHistory));

    [Fact]
    public void Generate_PinnedSpec_MatchesTheCommittedCode()
    {
        var differences = OutputFiles.Compare(TestPaths.Generated, Api.Value.Files);
        Assert.True(differences.Count == 0, "Run the generator (docs/generator.md): " + string.Join("; ", differences.Take(10)));
    }

    [Fact]
    public void Generate_PinnedSpec_MatchesTheCommittedCoveragePage()
    {
        Assert.Equal(Api.Value.Coverage, File.ReadAllText(TestPaths.Coverage));
    }

    [Fact]
    public void Generate_PinnedSpec_HasNoWarnings()
    {
        Assert.Empty(Api.Value.Warnings);
    }

    [Fact]
    public void Generate_PinnedSpec_CoversEveryOperationAndDefinition()
    {
        var api = Api.Value;
        Assert.Equal(395, api.Operations.Count + api.Streams.Count + api.Excluded.Count);
        Assert.Equal(564, api.DefinitionCount);
        Assert.Equal(api.DefinitionCount, api.GeneratedDefinitionCount + api.Aliases.Count);
    }
}
