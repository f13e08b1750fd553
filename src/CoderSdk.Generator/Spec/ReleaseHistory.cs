using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CoderSdk.Generator.Spec;

/// <summary>One release whose spec the history was built from.</summary>
/// <param name="Name">The folder name: a tag (<c>v2.29.0</c>) or a snapshot of main (<c>main-2026-08-21</c>).</param>
/// <param name="Date">The commit date, <c>yyyy-MM-dd</c>.</param>
/// <param name="Operations">Operations in that release's spec.</param>
/// <param name="Definitions">Definitions in that release's spec.</param>
internal sealed record ReleaseInfo(string Name, string Date, int Operations, int Definitions)
{
    /// <summary>True for a tagged release (<c>vX.Y.Z</c>); false for a snapshot of main.</summary>
    public bool IsTag => ReleaseHistory.TagPattern().IsMatch(Name);
}

/// <summary>When an operation first appears in the release history, and the last tag that has it when a newer tag dropped it.</summary>
/// <param name="Since">The first release with it.</param>
/// <param name="Until">The last tag with it when the newest tag lacks it.</param>
/// <param name="Missing">Releases after <paramref name="Since"/> whose spec lacks it (snapshots of main included).</param>
internal sealed record Availability(string Since, string? Until, IReadOnlyList<string> Missing)
{
    /// <summary>Whether the spec of <paramref name="release"/> has the operation.</summary>
    public bool In(ReleaseHistory history, string release) =>
        history.Order(Since) <= history.Order(release) && !Missing.Contains(release, StringComparer.Ordinal);
}

/// <summary>
/// Which coderd release first has each operation, definition and property, built from the specs of several releases
/// (<c>../shared/coder-api/releases/*</c>) or read back from the repository's <c>history.json</c> when those are not
/// beside the clone. Entries that every supported release has are left out of the file: only the differences are
/// stored, so a missing entry means "in the oldest supported release".
/// </summary>
internal sealed partial class ReleaseHistory
{
    private readonly Dictionary<string, Availability> _operations;
    private readonly Dictionary<string, string> _definitions;
    private readonly Dictionary<string, string> _properties;

    private ReleaseHistory(
        string oldest,
        IReadOnlyList<ReleaseInfo> releases,
        Dictionary<string, Availability> operations,
        Dictionary<string, string> definitions,
        Dictionary<string, string> properties)
    {
        Oldest = oldest;
        Releases = releases;
        _operations = operations;
        _definitions = definitions;
        _properties = properties;
    }

    /// <summary>No history: everything counts as present in every release.</summary>
    public static ReleaseHistory None { get; } = new(string.Empty, [], [], [], []);

    /// <summary>The oldest supported release; the releases before it are ignored.</summary>
    public string Oldest { get; }

    /// <summary>The releases, oldest first.</summary>
    public IReadOnlyList<ReleaseInfo> Releases { get; }

    /// <summary>True when there is any history to speak of.</summary>
    public bool IsKnown => Releases.Count > 0;

    [GeneratedRegex(@"^v\d+\.\d+\.\d+$")]
    internal static partial Regex TagPattern();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex PathParameter();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex DatePattern();

    /// <summary>The key an operation is matched by across releases: parameter names differ between releases, so they are blanked.</summary>
    public static string OperationKey(string method, string path) => $"{method} {PathParameter().Replace(path, "{}")}";

    /// <summary>When the operation appears; <see langword="null"/> when the oldest supported release has it and no tag dropped it.</summary>
    public Availability? Operation(string method, string path) =>
        _operations.TryGetValue(OperationKey(method, path), out var found) ? found : null;

    /// <summary>The first release with the definition, or <see langword="null"/> when the oldest supported release has it.</summary>
    public string? Definition(string definition) => _definitions.GetValueOrDefault(definition);

    /// <summary>
    /// The first release with the property when it is newer than its definition (older servers of the definition leave
    /// it out), otherwise <see langword="null"/>.
    /// </summary>
    public string? Property(string definition, string property) => _properties.GetValueOrDefault($"{definition}.{property}");

    /// <summary>Sorts a version name for display and comparison: tags by number, snapshots of main after them by date.</summary>
    public int Order(string release)
    {
        for (var i = 0; i < Releases.Count; i++)
        {
            if (Releases[i].Name == release)
            {
                return i;
            }
        }

        return Releases.Count;
    }

    /// <summary>One release's spec.</summary>
    public sealed record Input(string Name, string SwaggerJson, string NullabilityJson);

    /// <summary>
    /// Builds the history of <paramref name="current"/> (the pinned spec) from the releases. Releases older than
    /// <paramref name="oldest"/> are skipped. An operation or property no release has gets <paramref name="currentName"/>.
    /// A release whose spec cannot be read is skipped with a warning.
    /// </summary>
    public static ReleaseHistory Build(
        SpecDocument current, string currentName, IEnumerable<Input> inputs, string oldest, IReadOnlyList<string> outsideBasePath, List<string> warnings)
    {
        var read = new List<(ReleaseInfo Info, SpecDocument Spec)>();
        foreach (var input in inputs)
        {
            try
            {
                var spec = SpecReader.Read(input.SwaggerJson, outsideBasePath);
                var date = DatePattern().Match(SourceOf(input.NullabilityJson)) is { Success: true } m ? m.Value : "0000-00-00";
                read.Add((new ReleaseInfo(input.Name, date, spec.Operations.Count, spec.Definitions.Count), spec));
            }
            catch (Exception ex) when (ex is JsonException or GeneratorException or InvalidOperationException or KeyNotFoundException)
            {
                warnings.Add($"The release {input.Name} cannot be read ({ex.Message}); the history leaves it out.");
            }
        }

        read.Sort((a, b) => Compare(a.Info, b.Info));
        var start = read.FindIndex(r => r.Info.Name == oldest);
        if (start < 0)
        {
            warnings.Add($"The oldest supported release {oldest} is not among the releases; the history starts at the oldest one there.");
            start = 0;
        }

        read = read[start..];
        if (read.Count == 0)
        {
            return None;
        }

        var operationSets = read.Select(r => r.Spec.Operations.Select(o => OperationKey(o.Method, o.Path)).ToHashSet(StringComparer.Ordinal)).ToList();
        var operations = new Dictionary<string, Availability>(StringComparer.Ordinal);
        // The newest tag: only a tag that lacks an operation counts as a removal (snapshots of main hide routes behind
        // experiments and may bring them back).
        var lastTag = Enumerable.Range(0, read.Count).LastOrDefault(i => read[i].Info.IsTag, -1);
        foreach (var operation in current.Operations)
        {
            var key = OperationKey(operation.Method, operation.Path);
            var first = operationSets.FindIndex(s => s.Contains(key));
            var since = first < 0 ? currentName : read[first].Info.Name;
            string? until = null;
            var missing = first < 0 ? [] : Enumerable.Range(first, read.Count - first).Where(i => !operationSets[i].Contains(key)).Select(i => read[i].Info.Name).ToList();
            if (first >= 0)
            {
                // The last tag that has it, when the newest tag no longer does.
                if (lastTag >= first && !operationSets[lastTag].Contains(key))
                {
                    until = read[Enumerable.Range(first, lastTag - first).Last(i => operationSets[i].Contains(key))].Info.Name;
                }
            }

            if (first != 0 || missing.Count > 0)
            {
                operations[key] = new Availability(since, until, missing);
            }
        }

        var definitions = new Dictionary<string, string>(StringComparer.Ordinal);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, schema) in current.Definitions)
        {
            var first = read.FindIndex(r => r.Spec.Definitions.ContainsKey(name));
            if (first != 0)
            {
                definitions[name] = first < 0 ? currentName : read[first].Info.Name;
            }

            if (first < 0)
            {
                continue;
            }

            foreach (var (property, _) in schema.Properties)
            {
                var since = read.FindIndex(r => r.Spec.Definitions.TryGetValue(name, out var d) && d.Properties.Any(p => p.Key == property));
                if (since != first)
                {
                    properties[$"{name}.{property}"] = since < 0 ? currentName : read[since].Info.Name;
                }
            }
        }

        return new ReleaseHistory(read[0].Info.Name, [.. read.Select(r => r.Info)], operations, definitions, properties);
    }

    private static int Compare(ReleaseInfo a, ReleaseInfo b)
    {
        var byDate = string.CompareOrdinal(a.Date, b.Date);
        return byDate != 0 ? byDate : string.CompareOrdinal(a.Name, b.Name);
    }

    private static string SourceOf(string nullabilityJson)
    {
        using var document = JsonDocument.Parse(nullabilityJson);
        foreach (var name in (string[])["source", "about"])
        {
            if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                var text = value.GetString()!;
                if (DatePattern().IsMatch(text))
                {
                    return text;
                }
            }
        }

        return string.Empty;
    }

    /// <summary>The history as the repository stores it (<c>history.json</c>): sorted, indented, LF line ends.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["$comment"] = "Written by src/CoderSdk.Generator from ../shared/coder-api/releases; do not edit. Only what is newer than the oldest supported release is listed.",
            ["oldest"] = Oldest,
            ["releases"] = new JsonArray([.. Releases.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["date"] = r.Date,
                ["operations"] = r.Operations,
                ["definitions"] = r.Definitions,
            })]),
            ["operations"] = Sorted(_operations, a => a is { Until: null, Missing.Count: 0 }
                ? JsonValue.Create(a.Since)
                : new JsonObject
                {
                    ["since"] = a.Since,
                    ["until"] = a.Until,
                    ["missing"] = new JsonArray([.. a.Missing.Select(m => (JsonNode)JsonValue.Create(m))]),
                }),
            ["definitions"] = Sorted(_definitions, s => JsonValue.Create(s)),
            ["properties"] = Sorted(_properties, s => JsonValue.Create(s)),
        };

        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return text.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    private static JsonObject Sorted<T>(Dictionary<string, T> entries, Func<T, JsonNode?> value)
    {
        var result = new JsonObject();
        foreach (var (key, entry) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            result[key] = value(entry);
        }

        return result;
    }

    /// <summary>Reads <see cref="ToJson"/>'s output back.</summary>
    public static ReleaseHistory FromJson(string json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        var releases = root["releases"]!.AsArray().Select(r => new ReleaseInfo(
            (string)r!["name"]!, (string)r["date"]!, (int)r["operations"]!, (int)r["definitions"]!)).ToList();
        var operations = root["operations"]!.AsObject().ToDictionary(
            e => e.Key,
            e => e.Value is JsonObject o
                ? new Availability((string)o["since"]!, (string?)o["until"], [.. o["missing"]?.AsArray().Select(m => (string)m!) ?? []])
                : new Availability((string)e.Value!, null, []),
            StringComparer.Ordinal);
        var definitions = root["definitions"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!, StringComparer.Ordinal);
        var properties = root["properties"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!, StringComparer.Ordinal);
        return new ReleaseHistory((string)root["oldest"]!, releases, operations, definitions, properties);
    }

    /// <summary>A one-line summary for the console.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Releases.Count} releases ({string.Join(", ", Releases.Select(r => r.Name))}); ");
        text.Append(CultureInfo.InvariantCulture, $"{_operations.Count} operations and {_properties.Count} properties newer than {Oldest}");
        return text.ToString();
    }
}
