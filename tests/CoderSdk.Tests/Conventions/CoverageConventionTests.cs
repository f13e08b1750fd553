namespace CoderSdk.Tests.Conventions;

/// <summary>
/// Every operation of the pinned spec is one method of one area interface, except those docs/api-coverage.md lists as
/// left out (streams and protocol upgrades).
/// </summary>
public sealed class CoverageConventionTests
{
    private static HashSet<(string Method, string Route)> DocumentedExclusions()
    {
        var lines = File.ReadAllLines(TestPaths.Coverage);
        var start = Array.IndexOf(lines, "## Operations left out");
        Assert.True(start >= 0, "docs/api-coverage.md has no 'Operations left out' section.");
        var result = new HashSet<(string, string)>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length > 3 && cells[2].StartsWith('`'))
            {
                Assert.False(string.IsNullOrWhiteSpace(cells[4]), $"No reason given for {cells[1]} {cells[2]}.");
                result.Add((cells[1], cells[2].Trim('`')));
            }
        }

        return result;
    }

    [Fact]
    public void SpecOperations_EveryOneNotLeftOut_MapsToExactlyOneMethod()
    {
        var excluded = DocumentedExclusions();
        var methods = SdkSurface.AreaMethods
            .GroupBy(m => (SdkSurface.Endpoint(m).Method, SdkSurface.Endpoint(m).Route))
            .ToDictionary(g => g.Key, g => g.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList());

        foreach (var operation in ApiConventionTests.SpecDocument.Operations())
        {
            var found = methods.GetValueOrDefault(operation) ?? [];
            if (excluded.Contains(operation))
            {
                Assert.True(found.Count == 0, $"{operation} is documented as left out but {string.Join(", ", found)} call it.");
            }
            else
            {
                Assert.True(found.Count == 1, $"{operation.Method} {operation.Route} maps to {found.Count} methods: {string.Join(", ", found)}.");
            }
        }
    }

    [Fact]
    public void AreaMethods_Every_CallsAnOperationOfTheSpec()
    {
        var operations = ApiConventionTests.SpecDocument.Operations().ToHashSet();
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            var endpoint = SdkSurface.Endpoint(m);
            Assert.True(operations.Contains((endpoint.Method, endpoint.Route)), $"{m.DeclaringType!.Name}.{m.Name}: {endpoint.Method} {endpoint.Route} is not in the spec.");
        });
    }

    [Fact]
    public void DocumentedExclusions_OnlyStreamsAndUpgrades_AreLeftOut()
    {
        var excluded = DocumentedExclusions();
        var total = ApiConventionTests.SpecDocument.Operations().Count;

        Assert.Equal(385, total);
        Assert.Equal(total - excluded.Count, SdkSurface.AreaMethods.Count);
        Assert.True(excluded.Count <= 30, $"{excluded.Count} operations are left out.");
    }
}
