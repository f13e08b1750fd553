using CoderSdk.Generator.Building;
using CoderSdk.Generator.Emit;
using CoderSdk.Generator.Model;
using CoderSdk.Generator.Spec;

namespace CoderSdk.Generator;

/// <summary>Everything one run produces, before anything is written.</summary>
internal sealed class GeneratedApi
{
    public required IReadOnlyList<OperationModel> Operations { get; init; }

    public required IReadOnlyList<ExcludedOperation> Excluded { get; init; }

    public required IReadOnlyList<IGrouping<string, OperationModel>> Areas { get; init; }

    public required IReadOnlyList<TypeModel> Types { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> Aliases { get; init; }

    /// <summary>Definitions in the spec (not counting those the overrides add).</summary>
    public required int DefinitionCount { get; init; }

    /// <summary>Definitions the overrides add because the spec lacks them.</summary>
    public required IReadOnlyList<string> AddedDefinitions { get; init; }

    /// <summary>Spec definitions generated as types.</summary>
    public int GeneratedDefinitionCount => Types.Count(t => !IsInline(t) && !AddedDefinitions.Contains(t.SpecName));

    public int InlineTypeCount => Types.Count(IsInline);

    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Stream operations followed by hand-written methods (not on the Refit interfaces), with the method.</summary>
    public IReadOnlyList<KeyValuePair<ExcludedOperation, string>> Streams { get; init; } = [];

    /// <summary>The generated list-all walks, one coverage-table row each.</summary>
    public IReadOnlyList<string> Walks { get; init; } = [];

    /// <summary>Models renamed by the rule for common .NET names.</summary>
    public IReadOnlyList<string> Renamed { get; init; } = [];

    /// <summary>Generated sources by path relative to the output folder (<c>Models/Workspace.cs</c>), ordinal order.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }

    /// <summary>Which release first has each operation and property.</summary>
    public ReleaseHistory History { get; init; } = ReleaseHistory.None;

    /// <summary>The release the spec is (<c>v2.36.0</c>), or empty when not named.</summary>
    public string Release { get; init; } = string.Empty;

    /// <summary>The text of <c>docs/api-coverage.md</c>.</summary>
    public string Coverage { get; set; } = string.Empty;

    private static bool IsInline(TypeModel type) => type.SpecName.Count(c => c == '.') > 1;
}

/// <summary>
/// Where the release history comes from: the specs of several releases (rebuilt on every run), or the
/// <c>history.json</c> an earlier run wrote (when the releases are not beside the clone).
/// </summary>
/// <param name="Release">The name of the release the spec is (<c>v2.36.0</c>).</param>
/// <param name="Oldest">The oldest supported release.</param>
/// <param name="Releases">The releases' specs, or <see langword="null"/> to use <paramref name="StoredJson"/>.</param>
/// <param name="StoredJson">A stored history, or <see langword="null"/>.</param>
internal sealed record HistorySource(string Release, string Oldest, IReadOnlyList<ReleaseHistory.Input>? Releases, string? StoredJson)
{
    /// <summary>
    /// The pinned spec, when generating from another release: what the hand-written layer needs and that release
    /// lacks (stream routes, definitions, area interfaces) comes from it.
    /// </summary>
    public string? BaselineJson { get; init; }
}

/// <summary>Runs the generator in memory: spec, nullability and overrides in; file contents out. Deterministic.</summary>
internal static class CodeGenerator
{
    public static GeneratedApi Generate(string specJson, string nullabilityJson, string overridesJson, HistorySource? historySource = null)
    {
        var usage = new OverrideUsage(Overrides.Parse(overridesJson));
        var warnings = new List<string>();
        var read = SpecReader.Read(specJson, usage.Overrides.RoutesOutsideBasePath);
        var extra = usage.Overrides.ExtraDefinitions.ToDictionary(d => d.Key, d => SpecReader.ReadSchema(d.Value), StringComparer.Ordinal);
        if (historySource?.BaselineJson is { } baselineJson)
        {
            read = WithHandWrittenNeeds(read, SpecReader.Read(baselineJson, usage.Overrides.RoutesOutsideBasePath), usage.Overrides, extra, warnings);
        }

        var spec = WithDefinitions(read, extra, warnings);
        var nullability = (nullabilityJson.Length == 0 ? NullabilityInfo.Empty : NullabilityInfo.Read(nullabilityJson)).With(extra);
        var history = historySource switch
        {
            { Releases: { } releases } => ReleaseHistory.Build(read, historySource.Release, releases, historySource.Oldest, usage.Overrides.RoutesOutsideBasePath, warnings),
            { StoredJson: { } stored } => ReleaseHistory.FromJson(stored),
            _ => ReleaseHistory.None,
        };

        var models = new ModelBuilder(spec, nullability, usage.Overrides, usage, warnings, history);
        models.Build();
        var operations = new OperationBuilder(spec, models, usage);
        operations.Build();
        models.SettleJsonNames(OperationTypes(operations.Operations));
        foreach (var operation in operations.Operations)
        {
            if (history.Operation(operation.Spec.Method, operation.Spec.Path) is { } availability)
            {
                operation.Since = availability.Since == history.Oldest ? null : availability.Since;
                operation.Until = availability.Until;
            }
        }

        warnings.AddRange(usage.Unused().Select(key => $"The override {key} matches nothing in this spec."));
        var types = models.Types;
        var areas = operations.Operations
            .OrderBy(o => o.Name, StringComparer.Ordinal)
            .GroupBy(o => o.Area)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var constructible = new ConstructibilityCheck();
        foreach (var type in types)
        {
            files[$"Models/{type.Name}.cs"] = ModelEmitter.Emit(type, constructible.CanConstruct);
        }

        foreach (var area in areas)
        {
            files[$"Apis/{ApiEmitter.ClassName(area.Key)}.cs"] = ApiEmitter.Emit(area.Key, [.. area]);
        }

        // Areas the hand-written stream methods extend but this spec has no operation in (an older release): an empty
        // interface, so the extension methods compile; the streams' own version checks tell servers apart.
        foreach (var area in usage.Overrides.StreamMethods.Values.Select(StreamArea).OfType<string>().Where(a => a != StreamEntry.StreamsArea).Distinct().Order(StringComparer.Ordinal))
        {
            if (!areas.Any(a => a.Key == area))
            {
                files[$"Apis/{ApiEmitter.ClassName(area)}.cs"] = ApiEmitter.Emit(area, []);
                warnings.Add($"The area {area} has no operations in this spec; its interface is generated empty for the hand-written stream methods on it.");
            }
        }

        var streamMethods = usage.Overrides.StreamMethods;
        var streams = operations.Excluded.Where(e => streamMethods.ContainsKey(e.Spec.Key))
            .Select(e => KeyValuePair.Create(e, streamMethods[e.Spec.Key])).ToList();
        warnings.AddRange(streamMethods.Keys.Where(k => !operations.Excluded.Any(e => e.Spec.Key == k))
            .Select(k => $"The override streamMethods[{k}] matches no stream operation of this spec."));
        var streamEntries = StreamEntries(streams, history);

        files["CoderClient.Apis.cs"] = ClientEmitter.EmitClient(areas);
        files["Versions/CoderOperations.cs"] = OperationTableEmitter.Emit(areas, streamEntries, history.Oldest, historySource?.Release ?? string.Empty);
        files["Pipeline/CoderStreamHandshakes.cs"] = OperationTableEmitter.EmitHandshakes(areas, streamEntries);
        var paged = PagingEmitter.Find(operations.Operations);
        if (paged.Count > 0)
        {
            files["Workflows/Paging.cs"] = PagingEmitter.Emit(areas, paged);
        }
        files["Json/CoderJsonContext.Models.cs"] = ClientEmitter.EmitJsonContext(types, OperationTypes(operations.Operations));

        var api = new GeneratedApi
        {
            Operations = operations.Operations,
            Excluded = [.. operations.Excluded.Where(e => !streamMethods.ContainsKey(e.Spec.Key))],
            Streams = streams,
            Areas = areas,
            Types = types,
            Aliases = models.Aliases,
            DefinitionCount = spec.Definitions.Count - spec.AddedDefinitions.Count,
            AddedDefinitions = [.. spec.AddedDefinitions.Order(StringComparer.Ordinal)],
            Warnings = warnings,
            Renamed = models.Renamed,
            Walks = [.. paged.OrderBy(p => p.Operation.Area, StringComparer.Ordinal).ThenBy(p => p.Operation.Name, StringComparer.Ordinal)
                .Select(p => $"| `{p.Operation.Area}.{p.Operation.Name}` | `{PagingEmitter.ItemsName(p.Operation)}` | `{PagingEmitter.PagesName(p.Operation)}` | {(p.ByOffset ? "limit/offset" : "limit/after_id")} |")],
            Files = files,
            History = history,
            Release = historySource?.Release ?? string.Empty,
        };
        api.Coverage = CoverageEmitter.Emit(api);
        return api;
    }

    /// <summary>
    /// The stream operations as the runtime's table lists them: area and method from the <c>streamMethods</c> override
    /// (<c>client.Agents.WatchMetadataAsync (server-sent events fallback)</c>), releases from the history. An override
    /// that does not name a <c>client.Area.Method</c> is left out of the table (the coverage page still lists it).
    /// </summary>
    private static List<StreamEntry> StreamEntries(IEnumerable<KeyValuePair<ExcludedOperation, string>> streams, ReleaseHistory history)
    {
        var entries = new List<StreamEntry>();
        foreach (var (excluded, method) in streams)
        {
            // "client.Area.MethodAsync", optionally followed by a note such as "(server-sent events fallback)".
            var parts = method.Split(' ', 2)[0].Split('.');
            if (parts is not ["client", var area, var name])
            {
                continue;
            }

            var availability = history.Operation(excluded.Spec.Method, excluded.Spec.Path);
            entries.Add(new StreamEntry(excluded.Spec, area, name, method.Contains("fallback", StringComparison.Ordinal),
                availability is null || availability.Since == history.Oldest ? null : availability.Since, availability?.Until));
        }

        // WebSocket routes before their fallbacks, then by area and method: the order the runtime lists them in.
        return [.. entries.OrderBy(e => e.Area, StringComparer.Ordinal).ThenBy(e => e.Method, StringComparer.Ordinal).ThenBy(e => e.Fallback)];
    }

    /// <summary>The area of a stream method override (<c>client.Chats.WatchAsync</c> -> <c>Chats</c>).</summary>
    private static string? StreamArea(string method) =>
        method.StartsWith("client.", StringComparison.Ordinal) && method.Split('.') is { Length: >= 3 } parts ? parts[1] : null;

    /// <summary>
    /// Adds to an older release's spec what the hand-written layer needs and it lacks, taken from the baseline: the
    /// stream operations of <see cref="Overrides.StreamMethods"/> and the definitions of
    /// <see cref="Overrides.HandWrittenDefinitions"/> (with every definition they refer to). Each addition is a warning.
    /// </summary>
    private static SpecDocument WithHandWrittenNeeds(SpecDocument spec, SpecDocument baseline, Overrides overrides, Dictionary<string, SpecSchema> extra, List<string> warnings)
    {
        var operations = spec.Operations.ToList();
        var have = operations.Select(o => ReleaseHistory.OperationKey(o.Method, o.Path)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in overrides.StreamMethods.Keys.Order(StringComparer.Ordinal))
        {
            var found = baseline.Operations.FirstOrDefault(o => o.Key == key);
            if (found is not null && have.Add(ReleaseHistory.OperationKey(found.Method, found.Path)))
            {
                operations.Add(found);
                warnings.Add($"The stream {key} is not in this spec; taken from the pinned spec for the hand-written method {overrides.StreamMethods[key]}.");
            }
        }

        var pending = new Queue<string>(overrides.HandWrittenDefinitions.Order(StringComparer.Ordinal));
        while (pending.TryDequeue(out var name))
        {
            if (spec.Definitions.ContainsKey(name) || extra.ContainsKey(name) || !baseline.Definitions.TryGetValue(name, out var schema))
            {
                continue;
            }

            extra[name] = schema;
            warnings.Add($"The definition {name} is not in this spec; taken from the pinned spec because the hand-written layer uses it.");
            foreach (var reference in References(schema))
            {
                pending.Enqueue(reference);
            }
        }

        operations.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return spec with { Operations = operations };
    }

    private static IEnumerable<string> References(SpecSchema schema)
    {
        if (schema.Ref is { } reference)
        {
            yield return reference;
        }

        foreach (var inner in schema.Properties.Select(p => p.Value).Append(schema.Items).Append(schema.AdditionalProperties).OfType<SpecSchema>())
        {
            foreach (var found in References(inner))
            {
                yield return found;
            }
        }
    }

    /// <summary>
    /// The spec's definitions plus the overrides' extra ones. Drift rule: an extra definition the spec now has is
    /// dropped from <paramref name="extra"/> (the spec's one is used), with a warning.
    /// </summary>
    private static SpecDocument WithDefinitions(SpecDocument spec, Dictionary<string, SpecSchema> extra, List<string> warnings)
    {
        foreach (var clash in extra.Keys.Where(spec.Definitions.ContainsKey).Order(StringComparer.Ordinal).ToList())
        {
            warnings.Add($"The override extraDefinitions:{clash} adds a definition the spec already has; the spec's one is used. Remove the entry.");
            extra.Remove(clash);
        }

        var definitions = new SortedDictionary<string, SpecSchema>(spec.Definitions.ToDictionary(), StringComparer.Ordinal);
        foreach (var (name, schema) in extra)
        {
            definitions[name] = schema;
        }

        return new SpecDocument(spec.Operations, definitions) { AddedDefinitions = extra.Keys.ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>The non-model types generated calls pass to the JSON context: bodies, responses, JSON query values.</summary>
    private static IEnumerable<CsType> OperationTypes(IEnumerable<OperationModel> operations)
    {
        foreach (var operation in operations)
        {
            if (operation.Response.Kind is ResponseKind.Json or ResponseKind.JsonOrNothing)
            {
                yield return operation.Response.Type!;
            }

            foreach (var parameter in operation.Parameters.Where(p => p.Style is ParameterStyle.Body or ParameterStyle.QueryJson))
            {
                yield return parameter.Type;
            }
        }
    }

    /// <summary>
    /// Whether a record can be created with <c>new()</c> as the default of a non-null property: it has no required members,
    /// and its own <c>new()</c> defaults never lead back to itself.
    /// </summary>
    private sealed class ConstructibilityCheck
    {
        private readonly Dictionary<TypeModel, bool> _known = [];
        private readonly HashSet<TypeModel> _visiting = [];

        public bool CanConstruct(TypeModel type)
        {
            if (_known.TryGetValue(type, out var known))
            {
                return known;
            }

            if (type.HasRequiredMembers || !_visiting.Add(type))
            {
                return false;
            }

            var result = type.Properties
                .Where(p => !p.Nullable && !p.Required)
                .Select(p => p.Type)
                .OfType<NamedType>()
                .Where(n => !n.Model.IsEnum)
                .All(n => CanConstruct(n.Model));
            _visiting.Remove(type);
            _known[type] = result;
            return result;
        }
    }
}
