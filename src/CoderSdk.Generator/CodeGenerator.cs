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

    /// <summary>The text of <c>docs/api-coverage.md</c>.</summary>
    public string Coverage { get; set; } = string.Empty;

    private static bool IsInline(TypeModel type) => type.SpecName.Count(c => c == '.') > 1;
}

/// <summary>Runs the generator in memory: spec, nullability and overrides in; file contents out. Deterministic.</summary>
internal static class CodeGenerator
{
    public static GeneratedApi Generate(string specJson, string nullabilityJson, string overridesJson)
    {
        var usage = new OverrideUsage(Overrides.Parse(overridesJson));
        var read = SpecReader.Read(specJson, usage.Overrides.RoutesOutsideBasePath);
        var extra = usage.Overrides.ExtraDefinitions.ToDictionary(d => d.Key, d => SpecReader.ReadSchema(d.Value), StringComparer.Ordinal);
        var warnings = new List<string>();
        var spec = WithDefinitions(read, extra, warnings);
        var nullability = (nullabilityJson.Length == 0 ? NullabilityInfo.Empty : NullabilityInfo.Read(nullabilityJson)).With(extra);

        var models = new ModelBuilder(spec, nullability, usage.Overrides, usage, warnings);
        models.Build();
        var operations = new OperationBuilder(spec, models, usage);
        operations.Build();
        models.SettleJsonNames(OperationTypes(operations.Operations));

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

        files["CoderClient.Apis.cs"] = ClientEmitter.EmitClient(areas);
        files["CoderOperations.cs"] = OperationTableEmitter.Emit(areas, operations.Excluded);
        var paged = PagingEmitter.Find(operations.Operations);
        if (paged.Count > 0)
        {
            files["Paging.cs"] = PagingEmitter.Emit(areas, paged);
        }
        files["CoderJsonContext.Models.cs"] = ClientEmitter.EmitJsonContext(types, OperationTypes(operations.Operations));

        var streamMethods = usage.Overrides.StreamMethods;
        var streams = operations.Excluded.Where(e => streamMethods.ContainsKey(e.Spec.Key))
            .Select(e => KeyValuePair.Create(e, streamMethods[e.Spec.Key])).ToList();
        warnings.AddRange(streamMethods.Keys.Where(k => !operations.Excluded.Any(e => e.Spec.Key == k))
            .Select(k => $"The override streamMethods[{k}] matches no stream operation of this spec."));
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
        };
        api.Coverage = CoverageEmitter.Emit(api);
        return api;
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
