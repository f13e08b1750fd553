using System.Text.Json.Nodes;
using CoderSdk.Generator.Emit;

namespace CoderSdk.Generator.Tests;

/// <summary>
/// The release history: which release first has an operation or a property, what that does to the generated code
/// (docs, the operation table, nullability), and the stored form a fresh clone reads.
/// </summary>
public sealed class ReleaseHistoryTests
{
    private static string Spec => File.ReadAllText(TestPaths.TestData("mini-swagger.json"));

    private static string Nullability => File.ReadAllText(TestPaths.TestData("mini-nullability.json"));

    private static string Overrides => File.ReadAllText(TestPaths.TestData("mini-overrides.json"));

    private static string NullabilityOn(string date) => $$"""{ "source": "coder/coder vX (commit abc, {{date}}): site/src/api/typesGenerated.ts", "definitions": {} }""";

    /// <summary>The mini spec with changes, as an older or newer release.</summary>
    private static string Release(Action<JsonObject> change)
    {
        var spec = JsonNode.Parse(Spec)!.AsObject();
        change(spec);
        return spec.ToJsonString();
    }

    /// <summary>
    /// v1.0.0: no rename route, Widget without <c>score</c>, and (v2.24.0-style) paths without the prefix under a
    /// basePath; v1.1.0: everything but the archive route, which v1.2.0 (the pinned one) brings back; main drops the
    /// licenses route.
    /// </summary>
    private static HistorySource Releases() => new("v1.2.0", "v1.0.0",
    [
        new("v0.9.0", "{\"swagger\":\"2.0\",\"paths\":{},\"definitions\":{}}", NullabilityOn("2024-01-01")),
        new("v1.0.0", Release(s =>
        {
            s["paths"]!.AsObject().Remove("/api/v2/widgets/{widget}/rename");
            s["definitions"]!["codersdk.Widget"]!["properties"]!.AsObject().Remove("score");
            s["basePath"] = "/api/v2";
            var paths = new JsonObject();
            foreach (var (path, item) in s["paths"]!.AsObject().ToList())
            {
                s["paths"]!.AsObject().Remove(path);
                paths[path.Replace("/api/v2", string.Empty, StringComparison.Ordinal).Replace("{widget}", "{id}", StringComparison.Ordinal)] = item;
            }

            s["paths"] = paths;
        }), NullabilityOn("2025-01-01")),
        new("v1.1.0", Release(s => s["paths"]!.AsObject().Remove("/api/v2/widgets/{widget}/archive")), NullabilityOn("2025-06-01")),
        new("v1.2.0", Spec, NullabilityOn("2025-09-01")),
        new("main-2025-10-01", Release(s => s["paths"]!.AsObject().Remove("/api/v2/licenses")), NullabilityOn("2025-10-01")),
        new("broken", "not json", NullabilityOn("2025-02-01")),
    ], null);

    private static GeneratedApi Generate() => CodeGenerator.Generate(Spec, Nullability, Overrides, Releases());

    [Fact]
    public void Build_OperationNewerThanTheOldestRelease_GetsTheReleaseThatIntroducedIt()
    {
        var api = Generate();

        var rename = Assert.Single(api.Operations, o => o.Spec.Path == "/api/v2/widgets/{widget}/rename");
        Assert.Equal("v1.1.0", rename.Since);
        Assert.Null(rename.Until);
        // Matched across releases although v1.0.0 names the parameter {id} and leaves the prefix to its basePath.
        Assert.All(api.Operations.Where(o => o.Spec.Path is "/api/v2/widgets/{widget}" or "/api/v2/widgets"), o => Assert.Null(o.Since));
        Assert.Equal(["v1.0.0", "v1.1.0", "v1.2.0", "main-2025-10-01"], api.History.Releases.Select(r => r.Name));
        Assert.Contains(api.Warnings, w => w.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_OperationATagDropped_IsNotMarkedRemovedWhenTheNewestTagHasItAgain()
    {
        var api = Generate();

        var archive = Assert.Single(api.Operations, o => o.Spec.Path == "/api/v2/widgets/{widget}/archive");
        Assert.Null(archive.Since);
        Assert.Null(archive.Until);
        // main lacks licenses, but a snapshot of main never counts as a removal.
        Assert.All(api.Operations.Where(o => o.Spec.Path == "/api/v2/licenses"), o => Assert.Null(o.Until));
    }

    [Fact]
    public void Build_OperationTheNewestTagDropped_GetsUntil()
    {
        var newest = new HistorySource("v1.2.0", "v1.0.0",
            [.. Releases().Releases!.Where(r => r.Name != "main-2025-10-01"), new("v1.3.0", Release(s => s["paths"]!.AsObject().Remove("/api/v2/licenses")), NullabilityOn("2025-12-01"))],
            null);

        var api = CodeGenerator.Generate(Spec, Nullability, Overrides, newest);

        Assert.All(api.Operations.Where(o => o.Spec.Path == "/api/v2/licenses"), o => Assert.Equal("v1.2.0", o.Until));
        Assert.Contains("Until: \"v1.2.0\"", api.Files["Versions/CoderOperations.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_PropertyNewerThanItsModel_IsNullableAndSaysWhichReleaseSendsIt()
    {
        var api = Generate();

        var widget = Assert.Single(api.Types, t => t.SpecName == "codersdk.Widget");
        var score = Assert.Single(widget.Properties, p => p.JsonName == "score");
        Assert.True(score.Nullable);
        Assert.Equal("v1.1.0", score.Since);
        Assert.Contains("Sent by coderd v1.1.0 or newer; older servers leave it out.", api.Files["Models/Widget.cs"], StringComparison.Ordinal);
        Assert.Contains("double? Score", api.Files["Models/Widget.cs"], StringComparison.Ordinal);

        var plain = CodeGenerator.Generate(Spec, Nullability, Overrides);
        Assert.False(Assert.Single(Assert.Single(plain.Types, t => t.SpecName == "codersdk.Widget").Properties, p => p.JsonName == "score").Nullable);
    }

    [Fact]
    public void Generate_NewerOperation_CarriesSinceInTheTableAndItsDocs()
    {
        var api = Generate();

        Assert.Contains("Since: \"v1.1.0\"", api.Files["Versions/CoderOperations.cs"], StringComparison.Ordinal);
        Assert.Contains("Needs coderd v1.1.0 or newer", string.Concat(api.Files.Where(f => f.Key.StartsWith("Apis/", StringComparison.Ordinal)).Select(f => f.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_ThenFromJson_GivesTheSameGeneratedCode()
    {
        var built = Generate();
        var stored = CodeGenerator.Generate(Spec, Nullability, Overrides, new HistorySource("v1.2.0", "v1.0.0", null, built.History.ToJson()));

        Assert.Equal(built.History.ToJson(), stored.History.ToJson());
        Assert.Equal(built.Files, stored.Files);
        // The same page but for the warning about the unreadable release, which only the build from specs sees.
        Assert.Equal(WithoutWarnings(built.Coverage), WithoutWarnings(stored.Coverage));
    }

    private static string WithoutWarnings(string coverage) =>
        coverage.IndexOf("\n## Generator warnings", StringComparison.Ordinal) is var at and >= 0 ? coverage[..at].TrimEnd('\n') : coverage.TrimEnd('\n');

    [Fact]
    public void CompatibilityTable_CountsTheOperationsEachReleaseServes()
    {
        var api = Generate();
        var total = api.Operations.Count + api.Streams.Count;

        var table = CompatibilityEmitter.Table(api);

        Assert.Equal(2 + 4, table.Count);
        Assert.StartsWith($"| v1.0.0 | 2025-01-01 |", table[2], StringComparison.Ordinal);
        Assert.EndsWith($"| {total - 1} / {total} | 1 |", table[2], StringComparison.Ordinal);
        Assert.Contains("**v1.2.0** (pinned)", table[4], StringComparison.Ordinal);
        Assert.EndsWith($"| {total} / {total} | 0 |", table[4], StringComparison.Ordinal);
        Assert.Contains("main-2025-10-01 (unreleased)", table[5], StringComparison.Ordinal);
    }

    [Fact]
    public void UpdateReadme_ReplacesOnlyTheMarkedTable()
    {
        var api = Generate();
        var readme = $"# Title\n\nbefore\n{CompatibilityEmitter.Begin}\nold table\n{CompatibilityEmitter.End}\nafter\n";

        var updated = CompatibilityEmitter.UpdateReadme(readme, api);

        Assert.StartsWith($"# Title\n\nbefore\n{CompatibilityEmitter.Begin}\n| coderd release |", updated, StringComparison.Ordinal);
        Assert.EndsWith($"{CompatibilityEmitter.End}\nafter\n", updated, StringComparison.Ordinal);
        Assert.DoesNotContain("old table", updated, StringComparison.Ordinal);
        Assert.Equal("no markers", CompatibilityEmitter.UpdateReadme("no markers", api));
    }

    [Fact]
    public void Readme_CompatibilityTable_IsWhatTheGeneratorWrites()
    {
        var api = CodeGenerator.Generate(
            File.ReadAllText(TestPaths.Swagger), File.ReadAllText(TestPaths.Nullability), File.ReadAllText(TestPaths.Overrides), TestPaths.StoredHistory);
        var readme = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "README.md"));

        Assert.Contains(CompatibilityEmitter.Begin, readme, StringComparison.Ordinal);
        Assert.Equal(CompatibilityEmitter.UpdateReadme(readme, api), readme);
        Assert.Contains("| **v2.36.0** (pinned) |", readme, StringComparison.Ordinal);
    }
}
