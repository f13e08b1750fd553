using System.Globalization;
using System.Text;

namespace CoderSdk.Generator.Emit;

/// <summary>
/// The release compatibility table: per release in the history, its date, its spec's size and how many of the SDK's
/// operations it serves. Written into the coverage page and between the markers of the README.
/// </summary>
internal static class CompatibilityEmitter
{
    public const string Begin = "<!-- generated:compatibility -->";
    public const string End = "<!-- /generated:compatibility -->";

    /// <summary>The table's lines, or none without history.</summary>
    public static IReadOnlyList<string> Table(GeneratedApi api)
    {
        var history = api.History;
        if (!history.IsKnown)
        {
            return [];
        }

        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        var availability = api.Operations.Select(o => o.Spec).Concat(api.Streams.Select(s => s.Key.Spec))
            .Select(s => history.Operation(s.Method, s.Path))
            .ToList();
        var lines = new List<string>
        {
            "| coderd release | date | spec operations | SDK operations it serves | SDK operations it lacks |",
            "| --- | --- | ---: | ---: | ---: |",
        };
        foreach (var release in history.Releases)
        {
            var served = availability.Count(a => a is null || a.In(history, release.Name));
            var name = release.Name == api.Release ? $"**{release.Name}** (pinned)" : release.IsTag ? release.Name : $"{release.Name} (unreleased)";
            lines.Add($"| {name} | {release.Date} | {N(release.Operations)} | {N(served)} / {N(availability.Count)} | {N(availability.Count - served)} |");
        }

        return lines;
    }

    /// <summary>Replaces the table between the README's markers; a README without them is returned unchanged.</summary>
    public static string UpdateReadme(string readme, GeneratedApi api)
    {
        var start = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return readme;
        }

        var text = new StringBuilder();
        text.Append(readme, 0, start + Begin.Length).Append('\n');
        foreach (var line in Table(api))
        {
            text.Append(line).Append('\n');
        }

        text.Append(readme, end, readme.Length - end);
        return text.ToString();
    }
}
