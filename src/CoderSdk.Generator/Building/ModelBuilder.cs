using CoderSdk.Generator.Model;
using CoderSdk.Generator.Naming;
using CoderSdk.Generator.Spec;

namespace CoderSdk.Generator.Building;

/// <summary>
/// Turns definitions into models: records for objects, extensible enumerations for string enums, and built-in types
/// for the rest (maps, raw JSON, <c>uuid.NullUUID</c>, integer enums). Resolves every schema to a <see cref="CsType"/>.
/// </summary>
internal sealed class ModelBuilder
{
    private const string NullUuid = "uuid.NullUUID";

    private readonly SpecDocument _spec;
    private readonly NullabilityInfo _nullability;
    private readonly ReleaseHistory _history;
    private readonly Overrides _overrides;
    private readonly OverrideUsage _usage;
    private readonly Dictionary<string, TypeModel> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (CsType Type, bool Nullable, string Outcome)> _aliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _mapAliases = new(StringComparer.Ordinal);
    private readonly HashSet<string> _requestDefinitions;
    private readonly List<string> _warnings;

    /// <summary>Models the naming rule renamed (a name .NET code commonly imports too gets the prefix <c>Coder</c>).</summary>
    public List<string> Renamed { get; } = [];

    public ModelBuilder(SpecDocument spec, NullabilityInfo nullability, Overrides overrides, OverrideUsage usage, List<string> warnings, ReleaseHistory? history = null)
    {
        _spec = spec;
        _history = history ?? ReleaseHistory.None;
        _nullability = nullability;
        _overrides = overrides;
        _usage = usage;
        _warnings = warnings;
        _requestDefinitions = FindRequestDefinitions(spec);
    }

    /// <summary>Every generated type, ordered by C# name.</summary>
    public IReadOnlyList<TypeModel> Types => [.. _types.Values.Distinct().OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Definitions mapped to built-in types instead of generated ones, with what they became.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Aliases =>
        [.. _aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => new KeyValuePair<string, string>(a.Key, a.Value.Outcome))];

    public void Build()
    {
        foreach (var (name, schema) in _spec.Definitions)
        {
            DeclareDefinition(name, schema);
        }

        AssignNames();
        foreach (var (name, schema) in _spec.Definitions)
        {
            if (_types.TryGetValue(name, out var type) && !type.IsEnum)
            {
                AddProperties(type, schema, name);
            }
        }

        foreach (var name in _mapAliases)
        {
            Resolve(new SpecSchema { Ref = name }, name);
        }

        CheckUniqueNames();
    }

    /// <summary>The C# type of a schema outside any definition (a parameter or a response).</summary>
    public (CsType Type, bool Nullable) Resolve(SpecSchema schema, string context) => Resolve(schema, context, allowInline: false);

    /// <summary>The C# type of a definition by name (for overrides such as <c>json:codersdk.X</c>).</summary>
    public CsType ResolveDefinition(string definition) =>
        _spec.Definitions.ContainsKey(definition)
            ? Resolve(new SpecSchema { Ref = definition }, definition).Type
            : throw new GeneratorException($"The overrides name the definition '{definition}', which the spec does not have.");

    private void DeclareDefinition(string name, SpecSchema schema)
    {
        if (name == NullUuid)
        {
            _aliases[name] = (PrimitiveType.Guid, true, "Guid? (a UUID string or null on the wire)");
        }
        else if (schema.Enum.Count > 0 && schema.EnumIsInteger)
        {
            _aliases[name] = (PrimitiveType.Long, false, "long (an integer enumeration)");
        }
        else if (schema.Enum.Count > 0)
        {
            _types[name] = new TypeModel { SpecName = name, Name = Names.TypeName(name), IsEnum = true, Since = _history.Definition(name) };
        }
        else if (schema.HasProperties)
        {
            _types[name] = new TypeModel { SpecName = name, Name = Names.TypeName(name), IsRequest = _requestDefinitions.Contains(name), Since = _history.Definition(name) };
        }
        else if (schema.Type == "object" && schema.AdditionalProperties is not null)
        {
            // Resolved on first use: the value type may be a definition declared later.
            _mapAliases.Add(name);
        }
        else if (schema.Type is null or "object")
        {
            _aliases[name] = (PrimitiveType.Json, true, "JsonElement? (untyped JSON)");
        }
        else
        {
            var (type, _) = Resolve(schema, name, allowInline: false);
            _aliases[name] = (type, false, type.Render());
        }
    }

    private void AssignNames()
    {
        foreach (var type in _types.Values)
        {
            if (_usage.TypeName(type.SpecName) is { } chosen)
            {
                type.Name = chosen;
            }
            else if (FrameworkNames.Collides(type.Name))
            {
                // One rule for names a .NET file commonly imports too (LogLevel, Response, System types): prefix "Coder".
                type.Name = "Coder" + type.Name;
                Renamed.Add($"`{type.SpecName}` is `{type.Name}`: `{type.Name[5..]}` is also a common .NET type name.");
            }
        }

        // Definitions from different Go packages may share a name: codersdk keeps it, the others get a package prefix.
        foreach (var group in _types.Values.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            foreach (var type in group.Where(t => Names.Package(t.SpecName) != "codersdk"))
            {
                var package = Names.Package(type.SpecName);
                var prefix = _overrides.PackagePrefixes.TryGetValue(package, out var p) ? p : Names.Pascal(package);
                type.Name = prefix + type.Name;
            }
        }

        foreach (var type in _types.Values.Where(t => t.IsEnum))
        {
            type.Members.AddRange(BuildMembers(type));
        }
    }

    private List<EnumMember> BuildMembers(TypeModel type)
    {
        var schema = _spec.Definitions[type.SpecName];
        var values = schema.Enum;
        var varNames = schema.EnumVarNames.Count == values.Count ? StripCommonPrefix(schema.EnumVarNames, Names.GoName(type.SpecName)) : null;
        var reserved = new HashSet<string>(StringComparer.Ordinal) { type.Name, "Value", "IsKnown", "FromValue", "ToString", "Equals", "GetHashCode", "Deconstruct", "GetType" };
        var members = new List<EnumMember>();
        for (var i = 0; i < values.Count; i++)
        {
            var name = varNames?[i] is { Length: > 0 } v ? Names.Pascal(v) : Names.Pascal(values[i]);
            if (name.Length == 0)
            {
                name = "Empty";
            }

            name = Unique(name, reserved);
            members.Add(new EnumMember(name, values[i]));
        }

        return members;
    }

    /// <summary>
    /// <c>WorkspaceStatusRunning</c> -> <c>Running</c>: strips the Go type name, or else the longest prefix all names share
    /// up to a word boundary. A single value without the type-name prefix falls back to the value itself.
    /// </summary>
    internal static IReadOnlyList<string?> StripCommonPrefix(IReadOnlyList<string> names, string goTypeName)
    {
        if (names.All(n => n.Length > goTypeName.Length && n.StartsWith(goTypeName, StringComparison.Ordinal) && char.IsAsciiLetterUpper(n[goTypeName.Length])))
        {
            return [.. names.Select(n => n[goTypeName.Length..])];
        }

        if (names.Count < 2)
        {
            return [.. names.Select(_ => (string?)null)];
        }

        var length = names.Min(n => n.Length);
        var common = 0;
        while (common < length && names.All(n => n[common] == names[0][common]))
        {
            common++;
        }

        while (common > 0 && !names.All(n => n.Length > common && char.IsAsciiLetterUpper(n[common])))
        {
            common--;
        }

        return [.. names.Select(n => n[common..])];
    }

    private void AddProperties(TypeModel type, SpecSchema schema, string nullabilityKey)
    {
        var reserved = new HashSet<string>(StringComparer.Ordinal)
        {
            type.Name, "AdditionalProperties", "EqualityContract", "GetType", "ToString", "Equals", "GetHashCode", "Deconstruct", "PrintMembers",
        };

        foreach (var (jsonName, propertySchema) in schema.Properties)
        {
            var key = $"{type.SpecName}.{jsonName}";
            var fix = _usage.Property(key);
            var (csType, forcedNullable) = fix?.Type switch
            {
                "base64" => (PrimitiveType.Bytes, false),
                "json" => (PrimitiveType.Json, true),
                null => Resolve(propertySchema, key, allowInline: true),
                var other => throw new GeneratorException($"Unknown property type fix '{other}' for {key}."),
            };

            if (fix?.Type is null && propertySchema.Type == "array" && propertySchema.Items?.Type is "integer" && propertySchema.Items.Format is null)
            {
                _warnings.Add($"{key} is an array of integers without a format: in Go that is often []byte (base64) or json.RawMessage; classify it in the overrides.");
            }

            var duration = DurationOf(jsonName, fix?.Duration, csType, key);
            var name = duration is { WireSuffix: { } suffix } ? Names.Pascal(jsonName) + suffix : Names.Pascal(jsonName);
            // A property newer than its definition is left out by the servers that predate it: nullable, so "not sent"
            // never reads as 0, false or an empty GUID (a required request property stays as the spec says).
            var since = _history.Property(type.SpecName, jsonName);
            var required = type.IsRequest && schema.Required.Contains(jsonName);
            var property = new PropertyModel
            {
                JsonName = jsonName,
                Name = Unique(name, reserved),
                Type = csType,
                // A request property the spec does not require is nullable, so leaving it unset leaves it out of the
                // body instead of sending "" or 0 (which coderd and the spec read as a value, often an invalid one).
                Nullable = forcedNullable || _nullability.MayBeMissing(nullabilityKey, jsonName) || (type.IsRequest && !required) || (since is not null && !required),
                Required = required,
                Since = since,
                Secret = fix?.Secret ?? (csType == PrimitiveType.String && _overrides.SecretPropertyNames.Contains(jsonName)),
                KnownValues = propertySchema.Ref is null && !propertySchema.EnumIsInteger ? propertySchema.Enum : [],
                Format = propertySchema.Format,
            };

            if (duration is { } d)
            {
                property.Duration = new DurationView(Unique(d.ViewName, reserved), d.Unit);
            }

            type.Properties.Add(property);
        }
    }

    private (DurationUnit Unit, string ViewName, string? WireSuffix)? DurationOf(string jsonName, string? declared, CsType type, string key)
    {
        if (type != PrimitiveType.Long && type != PrimitiveType.Double)
        {
            return declared is null ? null : throw new GeneratorException($"{key} is declared a duration but is not numeric.");
        }

        if (declared is null && jsonName.EndsWith("_ms", StringComparison.Ordinal))
        {
            return (DurationUnit.Milliseconds, Names.Pascal(jsonName[..^3]), null);
        }

        if (declared is null && jsonName.EndsWith("_seconds", StringComparison.Ordinal))
        {
            return (DurationUnit.Seconds, Names.Pascal(jsonName[..^8]), null);
        }

        return declared switch
        {
            null => null,
            "ns" => (DurationUnit.Nanoseconds, Names.Pascal(jsonName), "Nanoseconds"),
            "us" => (DurationUnit.Microseconds, Names.Pascal(jsonName), "Microseconds"),
            "ms" => (DurationUnit.Milliseconds, Names.Pascal(jsonName), "Milliseconds"),
            "s" => (DurationUnit.Seconds, Names.Pascal(jsonName), "Seconds"),
            _ => throw new GeneratorException($"Unknown duration unit '{declared}' for {key} (use ns, us, ms or s)."),
        };
    }

    private (CsType Type, bool Nullable) Resolve(SpecSchema schema, string context, bool allowInline)
    {
        if (schema.Ref is { } reference)
        {
            if (_types.TryGetValue(reference, out var model))
            {
                return (new NamedType(model), false);
            }

            if (_mapAliases.Contains(reference) && !_aliases.ContainsKey(reference))
            {
                var map = new MapType(ResolveValue(_spec.Definitions[reference].AdditionalProperties!, reference, allowInline: false));
                _aliases[reference] = (map, false, map.Render());
            }

            if (_aliases.TryGetValue(reference, out var alias))
            {
                return (alias.Type, alias.Nullable);
            }

            throw new GeneratorException($"{context} refers to the definition '{reference}', which the spec does not have.");
        }

        switch (schema.Type)
        {
            case "string":
                return (schema.Format switch
                {
                    "uuid" => PrimitiveType.Guid,
                    "date-time" => PrimitiveType.DateTime,
                    "byte" => PrimitiveType.Bytes,
                    _ => PrimitiveType.String,
                }, false);
            case "integer":
                return (PrimitiveType.Long, false);
            case "number":
                return (PrimitiveType.Double, false);
            case "boolean":
                return (PrimitiveType.Bool, false);
            case "file":
                return (PrimitiveType.Stream, false);
            case "array":
                return (new ListType(ResolveValue(schema.Items ?? SpecSchema.AnyValue, context + "[]", allowInline)), false);
        }

        if (schema.HasProperties)
        {
            return allowInline
                ? (new NamedType(DeclareInline(schema, context)), false)
                : throw new GeneratorException($"{context} is an inline object; only definitions are supported here.");
        }

        if (schema.AdditionalProperties is { } values)
        {
            return (new MapType(ResolveValue(values, context + "{}", allowInline)), false);
        }

        // "object" without properties, "{}", or no type at all: any JSON value.
        return (PrimitiveType.Json, true);
    }

    /// <summary>Element and value types: raw JSON inside a collection is a plain <see cref="System.Text.Json.JsonElement"/>.</summary>
    private CsType ResolveValue(SpecSchema schema, string context, bool allowInline) =>
        schema.IsEmpty ? PrimitiveType.Json : Resolve(schema, context, allowInline).Type;

    private TypeModel DeclareInline(SpecSchema schema, string context)
    {
        // context is "definition.property" or "definition.property[]".
        var isItem = context.EndsWith("[]", StringComparison.Ordinal);
        var key = isItem ? context[..^2] : context;
        if (_types.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var dot = key.LastIndexOf('.');
        var parent = _types[key[..dot]];
        var name = _usage.TypeName(key) ?? parent.Name + Names.Pascal(key[(dot + 1)..]) + (isItem ? "Item" : string.Empty);

        // Identical inline objects the overrides give one name (Go generics such as IDPSyncMapping) share one type.
        var shared = _types.Values.FirstOrDefault(t => t.Name == name && t.SpecName.Count(c => c == '.') > 1);
        if (shared is not null && SameShape(_spec.Definitions[shared.SpecName[..shared.SpecName.LastIndexOf('.')]], shared.SpecName, schema))
        {
            _types[key] = shared;
            return shared;
        }

        var type = new TypeModel { SpecName = key, Name = name, IsRequest = parent.IsRequest };
        _types[key] = type;
        AddProperties(type, schema, key);
        return type;
    }

    private static bool SameShape(SpecSchema parent, string inlineKey, SpecSchema schema)
    {
        var property = inlineKey[(inlineKey.LastIndexOf('.') + 1)..];
        var other = parent.Properties.First(p => p.Key == property).Value;
        other = other.Items ?? other;
        return other.Properties.Select(p => (p.Key, p.Value.Type, p.Value.Format))
            .SequenceEqual(schema.Properties.Select(p => (p.Key, p.Value.Type, p.Value.Format)));
    }

    private void CheckUniqueNames()
    {
        var clashes = _types.Values.Distinct().GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        if (clashes.Count > 0)
        {
            throw new GeneratorException("Several definitions get the same C# name; name them in the overrides' typeNames: " +
                string.Join("; ", clashes.Select(g => $"{g.Key} <- {string.Join(", ", g.Select(t => t.SpecName))}")));
        }

        var framework = _types.Values.Distinct().Where(t => FrameworkNames.All.Contains(t.Name)).Select(t => $"{t.Name} ({t.SpecName})").ToList();
        if (framework.Count > 0)
        {
            throw new GeneratorException("These model names are also .NET types in namespaces the SDK imports, which makes them ambiguous; " +
                "name them in the overrides' typeNames: " + string.Join(", ", framework));
        }
    }

    private static string Unique(string name, HashSet<string> taken)
    {
        var candidate = taken.Contains(name) ? name + "Value" : name;
        for (var i = 2; taken.Contains(candidate); i++)
        {
            candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        taken.Add(candidate);
        return candidate;
    }

    /// <summary>
    /// Request models: definitions whose name ends in <c>Request</c>, and definitions reachable from request bodies that
    /// no response can contain.
    /// </summary>
    private static HashSet<string> FindRequestDefinitions(SpecDocument spec)
    {
        var fromBodies = Reachable(spec, spec.Operations.SelectMany(o => o.Parameters).Where(p => p.In == "body").Select(p => p.Schema));
        var fromResponses = Reachable(spec, spec.Operations.SelectMany(o => o.Responses).Select(r => r.Schema).OfType<SpecSchema>());
        var result = new HashSet<string>(fromBodies.Except(fromResponses), StringComparer.Ordinal);
        result.UnionWith(spec.Definitions.Keys.Where(d => d.EndsWith("Request", StringComparison.Ordinal)));
        return result;
    }

    private static HashSet<string> Reachable(SpecDocument spec, IEnumerable<SpecSchema> roots)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<SpecSchema>(roots);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (schema.Ref is { } reference && seen.Add(reference) && spec.Definitions.TryGetValue(reference, out var target))
            {
                pending.Push(target);
            }

            foreach (var (_, property) in schema.Properties)
            {
                pending.Push(property);
            }

            if (schema.Items is { } items)
            {
                pending.Push(items);
            }

            if (schema.AdditionalProperties is { } values)
            {
                pending.Push(values);
            }
        }

        return seen;
    }
}
