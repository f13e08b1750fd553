using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Tests;

/// <summary>
/// The committed <c>src/CoderSdk/Generated</c> and <c>docs/api-coverage.md</c> are exactly what the generator produces
/// from the pinned spec and the overrides (the same check as <c>--check</c> in CI).
/// </summary>
public sealed class CommittedOutputTests
{
    internal static readonly Lazy<GeneratedApi> Api = new(() => CodeGenerator.Generate(
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

    [Fact]
    public void Generate_OrganizationPathParameter_IsACoderOrganizationEverywhere()
    {
        var api = Api.Value;
        var organizationSegments = api.Operations
            .SelectMany(o => o.Parameters.Where(p => p.Style == ParameterStyle.Path && p.WireName == "organization"))
            .ToList();

        Assert.True(organizationSegments.Count >= 40, $"only {organizationSegments.Count} operations take an {{organization}} segment");
        Assert.All(organizationSegments, p => Assert.Equal("CoderOrganization", p.Type.Render()));

        // The rule is about the path segment coderd resolves; a query value of that name keeps its spec type.
        var queries = api.Operations.SelectMany(o => o.Parameters.Where(p => p.Style != ParameterStyle.Path && p.WireName == "organization")).ToList();
        Assert.NotEmpty(queries);
        Assert.All(queries, p => Assert.NotEqual("CoderOrganization", p.Type.Render()));
    }
}
