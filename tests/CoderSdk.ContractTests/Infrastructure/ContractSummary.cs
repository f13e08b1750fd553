using System.Reflection;
using System.Text;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>The human-readable account of a contract run: counts per mode and every failure, grouped by category.</summary>
internal static class ContractSummary
{
    public const string FileName = "contract-summary.md";

    /// <summary>Where the summary goes: the test run's results directory (chosen at build time, see the project file).</summary>
    public static string ResultsDirectory =>
        typeof(ContractSummary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ContractResultsDirectory")?.Value is { Length: > 0 } directory
            ? directory
            : Path.Combine(AppContext.BaseDirectory, "TestResults");

    public static string Render(IReadOnlyList<ContractMatrix> matrices, int reachable, SwaggerDocument spec, string prismVersion, TimeSpan startup)
    {
        var text = new StringBuilder();
        text.AppendLine($"# CoderSdk contract tests: Prism {prismVersion} on {Path.GetFileName(spec.Path)}");
        text.AppendLine();
        var covered = OperationCatalog.All.Where(o => o.Endpoint is not null)
            .Select(o => SpecOperationKey(o))
            .Where(key => spec.Operations.Any(s => s.Key == key))
            .Distinct()
            .Count();
        text.AppendLine($"- SDK operations reachable from ICoderClient: {reachable}");
        text.AppendLine($"- spec operations: {spec.Operations.Count}; reached by an SDK method: {covered}; not reached: {spec.Operations.Count - covered}");
        text.AppendLine($"- Prism install check and startup: {startup.TotalSeconds:0.0} s");
        text.AppendLine();
        text.AppendLine("| mode | operations | passed | request only | known spec defect | failed | time |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var matrix in matrices)
        {
            var results = matrix.Results.Values.ToList();
            text.AppendLine($"| {matrix.Mode} | {results.Count} | {Count(results, ContractCategory.Passed)} | {Count(results, ContractCategory.PassedRequestOnly)} | " +
                $"{Count(results, ContractCategory.KnownSpecDefect)} | {results.Count(r => !r.Passed)} | {matrix.Elapsed.TotalSeconds:0.0} s |");
        }

        text.AppendLine();
        text.AppendLine("Slowest calls: " + string.Join(", ", matrices.SelectMany(m => m.Results.Values)
            .OrderByDescending(r => r.Elapsed)
            .Take(5)
            .Select(r => $"{r.Mode} `{r.Operation}` {r.Elapsed.TotalMilliseconds:0} ms")));

        foreach (var group in matrices.SelectMany(m => m.Results.Values)
                     .Where(r => r.Category != ContractCategory.Passed)
                     .GroupBy(r => r.Category)
                     .OrderBy(g => g.Key))
        {
            Section(text, $"{group.Key} ({group.Count()})",
                group.OrderBy(r => r.Operation, StringComparer.Ordinal).ThenBy(r => r.Mode).Select(r => $"{r.Mode} `{r.Operation}`: {r.Message}"));
        }

        var unexposed = matrices[0].Results.Values
            .SelectMany(r => r.Notes.Where(n => n.StartsWith(ArgumentBuilder.UnexposedNote, StringComparison.Ordinal))
                .Select(n => $"`{r.Operation}`: {n[(ArgumentBuilder.UnexposedNote.Length + 1)..]}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Section(text, $"Spec parameters no SDK parameter carries ({unexposed.Count}; informational, not checked)", unexposed);

        var unreached = spec.Operations.Select(o => o.Key)
            .Except(OperationCatalog.All.Where(o => o.Endpoint is not null).Select(SpecOperationKey))
            .Order(StringComparer.Ordinal)
            .Select(key => $"`{key}`")
            .ToList();
        Section(text, $"Spec operations no SDK method reaches ({unreached.Count})", unreached);

        return text.ToString();
    }

    /// <summary>A heading and its list; nothing when the list is empty.</summary>
    private static void Section(StringBuilder text, string heading, IEnumerable<string> lines)
    {
        var items = lines.ToList();
        if (items.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine($"## {heading}");
        text.AppendLine();
        foreach (var item in items)
        {
            text.AppendLine($"- {item}");
        }
    }

    private static string SpecOperationKey(ContractOperation operation) => SpecOperation.MakeKey(operation.Endpoint!.Method, operation.Endpoint.Route);

    private static int Count(List<ContractResult> results, ContractCategory category) => results.Count(r => r.Category == category);
}
