using CoderSdk.ContractTests.Infrastructure;
using Xunit.Abstractions;

namespace CoderSdk.ContractTests;

/// <summary>Nothing escapes the matrix, and the run leaves a summary behind.</summary>
[Collection(PrismCollection.Name)]
public sealed class ContractCoverageTests(PrismFixture prism, ITestOutputHelper output)
{
    [Fact]
    public async Task Matrix_BothModes_CoverEveryMethodReachableFromClient()
    {
        // Counted straight from reflection, without the catalog's keys: a method two keys collapse into, or one the
        // runner never reaches, shows up as a shortfall.
        var reachable = OperationCatalog.Areas().Sum(area => OperationCatalog.Methods(area.Area).Count());
        var matrices = new List<ContractMatrix>();
        foreach (var mode in Enum.GetValues<PrismMode>())
        {
            matrices.Add(await prism.MatrixAsync(mode));
        }

        var summary = ContractSummary.Render(matrices, reachable, prism.Spec, prism.PrismVersion, prism.StartupTime);
        output.WriteLine(summary);
        Directory.CreateDirectory(ContractSummary.ResultsDirectory);
        var path = Path.Combine(ContractSummary.ResultsDirectory, ContractSummary.FileName);
        await File.WriteAllTextAsync(path, summary);
        output.WriteLine($"Summary written to {path}");

        Assert.True(reachable > 0, "ICoderClient exposes no operations at all: the reflection walk found nothing to test.");
        foreach (var matrix in matrices)
        {
            Assert.True(matrix.Results.Count == reachable,
                $"The {matrix.Mode} run judged {matrix.Results.Count} operations but {reachable} methods are reachable from ICoderClient; " +
                "some method was not exercised (two methods sharing a test key, or one the catalog skipped).");
        }
    }

    [Fact]
    public async Task KnownSpecDefects_EachListedOperation_StillFailsThatWay()
    {
        // An entry whose failure no longer happens in any mode (the spec was fixed, or the SDK changed) must be
        // removed, or it would excuse a future regression of the same operation. One mode is enough: dynamic mode
        // sends only required fields, so a defect in an optional field shows in static mode alone.
        var results = new List<ContractResult>();
        foreach (var mode in Enum.GetValues<PrismMode>())
        {
            results.AddRange((await prism.MatrixAsync(mode)).Results.Values);
        }

        var stale = KnownSpecDefects.Operations
            .Select(key => (Key: key, Results: results.Where(r => OperationCatalog.Get(r.Operation).Endpoint is { } e && SpecOperation.MakeKey(e.Method, e.Route) == key).ToList()))
            .Where(entry => entry.Results.Count > 0 && entry.Results.All(r => r.Category != ContractCategory.KnownSpecDefect))
            .Select(entry => $"{entry.Key}: {string.Join(", ", entry.Results.Select(r => $"{r.Mode} {r.Category}"))}")
            .ToList();

        Assert.True(stale.Count == 0, "Known spec defects that no longer occur:" + Environment.NewLine + string.Join(Environment.NewLine, stale));
    }
}
