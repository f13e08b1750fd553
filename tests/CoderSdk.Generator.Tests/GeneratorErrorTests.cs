using System.Text.Json.Nodes;

namespace CoderSdk.Generator.Tests;

/// <summary>
/// Inputs the generator must refuse (an unreadable spec or overrides file) or flag rather than silently mis-generate:
/// drift gets a warning and a deterministic fallback (more in <see cref="DriftRuleTests"/>).
/// </summary>
public sealed class GeneratorErrorTests
{
    private static string Spec => File.ReadAllText(TestPaths.TestData("mini-swagger.json"));

    private static string Nullability => File.ReadAllText(TestPaths.TestData("mini-nullability.json"));

    /// <summary>The mini overrides with one change applied.</summary>
    private static string Overrides(Action<JsonObject> change)
    {
        var overrides = JsonNode.Parse(File.ReadAllText(TestPaths.TestData("mini-overrides.json")))!.AsObject();
        change(overrides);
        return overrides.ToJsonString();
    }

    private static JsonObject Section(JsonObject overrides, string name) => overrides[name]!.AsObject();

    [Fact]
    public void Generate_SplitTagRouteWithoutRule_WarnsAndUsesTheSplitTagArea()
    {
        var overrides = Overrides(o => o["splitRoutes"]!.AsArray().RemoveAt(1));

        var api = CodeGenerator.Generate(Spec, Nullability, overrides);

        Assert.Contains(
            "GET /api/v2/gadgets/{gadget} has the tag Enterprise and no splitRoutes prefix matches it; it is in the area Enterprise. Add a splitRoutes rule.",
            api.Warnings);
        Assert.Equal("Enterprise", Assert.Single(api.Operations, o => o.Spec.Key == "GET /api/v2/gadgets/{gadget}").Area);
        Assert.Contains("Apis/EnterpriseApi.cs", api.Files.Keys);
    }

    [Fact]
    public void Generate_TwoOperationsWithTheSameName_WarnsAndTheOverriddenOneKeepsTheName()
    {
        var overrides = Overrides(o => Section(o, "operations")["GET /api/v2/widgets/{widget}"]!["name"] = "List");

        var api = CodeGenerator.Generate(Spec, Nullability, overrides);

        Assert.Contains(
            "Several operations get the method name Gizmos.ListAsync: GET /api/v2/widgets is ListGetAsync, GET /api/v2/widgets/{widget} is ListAsync. Name them in the overrides.",
            api.Warnings);
        Assert.Contains(" ListGetAsync(", api.Files["Apis/GizmosApi.cs"], StringComparison.Ordinal);
        Assert.Contains(" ListAsync(Guid widget", api.Files["Apis/GizmosApi.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ModelNamedLikeAFrameworkType_WarnsAndPrefixesCoder()
    {
        var overrides = Overrides(o => Section(o, "typeNames")["codersdk.Widget.dimensions"] = "Task");

        var api = CodeGenerator.Generate(Spec, Nullability, overrides);

        Assert.Contains(
            "The model name Task (codersdk.Widget.dimensions) is also a .NET type in a namespace the SDK imports; it is CoderTask. Name it in the overrides' typeNames.",
            api.Warnings);
        Assert.Contains("Models/CoderTask.cs", api.Files.Keys);
        Assert.DoesNotContain("Models/Task.cs", api.Files.Keys);
    }

    [Fact]
    public void Generate_ExtraDefinitionTheSpecAlreadyHas_WarnsAndUsesTheSpecsOne()
    {
        var overrides = Overrides(o => Section(o, "extraDefinitions")["codersdk.Widget"] = new JsonObject { ["type"] = "object" });

        var api = CodeGenerator.Generate(Spec, Nullability, overrides);

        Assert.Contains(
            "The override extraDefinitions:codersdk.Widget adds a definition the spec already has; the spec's one is used. Remove the entry.",
            api.Warnings);
        Assert.DoesNotContain("codersdk.Widget", api.AddedDefinitions);
        Assert.Contains(Assert.Single(api.Types, t => t.SpecName == "codersdk.Widget").Properties, p => p.JsonName == "name");
    }

    [Fact]
    public void Generate_OverrideMatchingNothing_IsReportedAsAWarning()
    {
        var overrides = Overrides(o => Section(o, "operations")["GET /api/v2/gone"] = new JsonObject { ["name"] = "Gone" });

        var api = CodeGenerator.Generate(Spec, Nullability, overrides);

        Assert.Contains(api.Warnings, w => w.Contains("operations:GET /api/v2/gone", StringComparison.Ordinal));
        Assert.Contains("operations:GET /api/v2/gone", api.Coverage, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_UnknownOverrideField_Throws()
    {
        var overrides = Overrides(o => o["typeName"] = new JsonObject());

        Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));
    }

    [Fact]
    public void Generate_Swagger3Document_Throws()
    {
        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate("{\"openapi\": \"3.0.0\", \"paths\": {}}", Nullability, Overrides(_ => { })));

        Assert.Contains("Swagger 2.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_IntegerArrayWithoutClassification_WarnsAboutGoBytes()
    {
        var overrides = Overrides(o => Section(o, "properties").Remove("codersdk.Widget.state"));

        var api = CodeGenerator.Generate(Spec, Nullability, overrides);

        Assert.Contains(api.Warnings, w => w.StartsWith("codersdk.Widget.state", StringComparison.Ordinal));
    }
}
