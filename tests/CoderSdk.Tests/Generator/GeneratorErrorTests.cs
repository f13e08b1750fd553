using CoderSdk.Generator;

namespace CoderSdk.Tests.Generator;

/// <summary>Inputs the generator must refuse or flag rather than silently mis-generate.</summary>
public sealed class GeneratorErrorTests
{
    private static string Spec => File.ReadAllText(TestPaths.TestData("mini-swagger.json"));

    private static string Nullability => File.ReadAllText(TestPaths.TestData("mini-nullability.json"));

    private static string Overrides => File.ReadAllText(TestPaths.TestData("mini-overrides.json"));

    [Fact]
    public void Generate_SplitTagRouteWithoutRule_Throws()
    {
        var overrides = Overrides.Replace("\"/api/v2/gadgets\"", "\"/api/v2/elsewhere\"", StringComparison.Ordinal);
        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));
        Assert.Contains("/api/v2/gadgets/{gadget}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoOperationsWithTheSameName_Throws()
    {
        var overrides = Overrides.Replace("{ \"name\": \"Get\" }", "{ \"name\": \"List\" }", StringComparison.Ordinal);
        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));
        Assert.Contains("Gizmos.ListAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ModelNamedLikeAFrameworkType_Throws()
    {
        var overrides = Overrides.Replace("\"WidgetDimensions\"", "\"Task\"", StringComparison.Ordinal);
        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));
        Assert.Contains("Task", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OverrideMatchingNothing_IsReportedAsAWarning()
    {
        var overrides = Overrides.Replace("\"GET /api/v2/widgets/{widget}\":", "\"GET /api/v2/gone\":", StringComparison.Ordinal);
        var api = CodeGenerator.Generate(Spec, Nullability, overrides);
        Assert.Contains(api.Warnings, w => w.Contains("operations:GET /api/v2/gone", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_UnknownOverrideField_Throws()
    {
        var overrides = Overrides.Replace("\"typeNames\"", "\"typeName\"", StringComparison.Ordinal);
        Assert.Throws<GeneratorException>(() => CodeGenerator.Generate(Spec, Nullability, overrides));
    }

    [Fact]
    public void Generate_Swagger3Document_Throws()
    {
        var error = Assert.Throws<GeneratorException>(() => CodeGenerator.Generate("{\"openapi\": \"3.0.0\", \"paths\": {}}", Nullability, Overrides));
        Assert.Contains("Swagger 2.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_IntegerArrayWithoutClassification_WarnsAboutGoBytes()
    {
        var overrides = Overrides.Replace("\"codersdk.Widget.state\": { \"type\": \"base64\" }", "\"codersdk.Widget.score\": { \"secret\": false }", StringComparison.Ordinal);
        var api = CodeGenerator.Generate(Spec, Nullability, overrides);
        Assert.Contains(api.Warnings, w => w.StartsWith("codersdk.Widget.state", StringComparison.Ordinal));
    }
}
