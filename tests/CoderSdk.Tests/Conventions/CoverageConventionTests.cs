namespace CoderSdk.Tests.Conventions;

/// <summary>
/// Every operation of the pinned spec is one method of one area interface, except those docs/api-coverage.md lists as
/// left out (streams and protocol upgrades).
/// </summary>
public sealed class CoverageConventionTests
{
    /// <summary>The rows of one table section of docs/api-coverage.md: method, route and the last cell.</summary>
    private static Dictionary<(string Method, string Route), string> Section(string heading)
    {
        var lines = File.ReadAllLines(TestPaths.Coverage);
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"docs/api-coverage.md has no '{heading}' section.");
        var result = new Dictionary<(string, string), string>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length > 3 && cells[2].StartsWith('`'))
            {
                Assert.False(string.IsNullOrWhiteSpace(cells[4]), $"No reason or method given for {cells[1]} {cells[2]}.");
                result[(cells[1], cells[2].Trim('`'))] = cells[4];
            }
        }

        return result;
    }

    private static HashSet<(string Method, string Route)> DocumentedExclusions() => [.. Section("## Operations left out").Keys];

    [Fact]
    public void SpecOperations_EveryOneNotLeftOut_MapsToExactlyOneMethodOrStream()
    {
        var excluded = DocumentedExclusions();
        var streams = Section("## Streams");
        var methods = SdkSurface.AreaMethods
            .GroupBy(m => (SdkSurface.Endpoint(m).Method, SdkSurface.Endpoint(m).Route))
            .ToDictionary(g => g.Key, g => g.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList());
        var workflows = SdkSurface.WorkflowMethods.Select(m => $"client.{m.GetParameters()[0].ParameterType.Name[1..^3]}.{m.Name}")
            .Concat(typeof(ICoderStreams).GetMethods().Select(m => $"client.Streams.{m.Name}")).ToHashSet();

        foreach (var operation in ApiConventionTests.SpecDocument.Operations())
        {
            var found = methods.GetValueOrDefault(operation) ?? [];
            if (excluded.Contains(operation))
            {
                Assert.True(found.Count == 0, $"{operation} is documented as left out but {string.Join(", ", found)} call it.");
            }
            else if (streams.TryGetValue(operation, out var follower))
            {
                // "`client.Workspaces.WatchAsync` (...)": the named stream method exists.
                var name = follower.Split('`')[1].Split(' ')[0];
                Assert.True(workflows.Contains(name), $"{operation.Method} {operation.Route} is followed by {name}, which does not exist.");
                Assert.True(found.Count == 0, $"{operation} is a stream but {string.Join(", ", found)} call it as a request.");
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
        var excluded = Section("## Operations left out");
        var streams = Section("## Streams");
        var total = ApiConventionTests.SpecDocument.Operations().Count;

        Assert.Equal(395, total);
        Assert.Equal(total - excluded.Count - streams.Count, SdkSurface.AreaMethods.Count);
        // Only binary protocols and upgrades (101), a test socket and a route coderd does not implement stay out.
        Assert.All(excluded, e => Assert.True(
            e.Value.Contains("101", StringComparison.Ordinal) || e.Value.Contains("test endpoint", StringComparison.Ordinal) || e.Value.Contains("not implemented", StringComparison.Ordinal),
            $"{e.Key.Method} {e.Key.Route} is left out: {e.Value}"));
    }
}
