using System.Text.Json.Nodes;
using CoderSdk.Generator;

namespace CoderSdk.Tests.Generator;

/// <summary>Inputs the generator must refuse or flag rather than silently mis-generate.</summary>
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
    public void Generate_SplitTagRouteWithoutRule_Throws()
    {
        var overrides = Overrides(o => o["splitRoutes"]!.AsArray().RemoveAt(1));

        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));

        Assert.Contains("/api/v2/gadgets/{gadget}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoOperationsWithTheSameName_Throws()
    {
        var overrides = Overrides(o => Section(o, "operations")["GET /api/v2/widgets/{widget}"]!["name"] = "List");

        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));

        Assert.Contains("Gizmos.ListAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ModelNamedLikeAFrameworkType_Throws()
    {
        var overrides = Overrides(o => Section(o, "typeNames")["codersdk.Widget.dimensions"] = "Task");

        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));

        Assert.Contains("Task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ExtraDefinitionTheSpecAlreadyHas_Throws()
    {
        var overrides = Overrides(o => Section(o, "extraDefinitions")["codersdk.Widget"] = new JsonObject { ["type"] = "object" });

        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));

        Assert.Contains("codersdk.Widget", error.Message, StringComparison.Ordinal);
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
