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

    /// <summary>
    /// Formats the generator knows: Swagger 2.0's and JSON Schema's common ones, and those Coder's spec uses
    /// (<c>float64</c>, <c>number</c> for a number in a string, <c>key=value</c>). Any other is drift: the schema is typed
    /// by its <c>type</c> alone, with a warning.
    /// </summary>
    private static readonly HashSet<string> KnownFormats = new(StringComparer.Ordinal)
    {
        "int32", "int64", "float", "double", "byte", "binary", "date", "date-time", "password", "email", "uri", "url",
        "uri-reference", "uuid", "hostname", "ipv4", "ipv6", "float64", "number", "string", "key=value",
    };

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

        SettleNames();
    }

    /// <summary>The C# type of a schema outside any definition (a parameter or a response).</summary>
    public (CsType Type, bool Nullable) Resolve(SpecSchema schema, string context) => Resolve(schema, context, allowInline: false);

    /// <summary>The C# type of a definition by name (for overrides such as <c>json:codersdk.X</c>).</summary>
    /// <returns>The type, or <c>null</c> (drift rule: with a warning naming <paramref name="entry"/>, whose fix is then ignored).</returns>
    public CsType? ResolveDefinition(string definition, string entry)
    {
        if (_spec.Definitions.ContainsKey(definition))
        {
            return Resolve(new SpecSchema { Ref = definition }, definition).Type;
        }

        Warn($"The override {entry} names the definition '{definition}', which the spec does not have; the entry is ignored.");
        return null;
    }

    /// <summary>Adds a warning once (the same drift can be met from several places).</summary>
    internal void Warn(string warning)
    {
        if (!_warnings.Contains(warning))
        {
            _warnings.Add(warning);
        }
    }

    /// <summary>Drift rule: a format the generator does not know is reported; the schema is typed by its <c>type</c> alone.</summary>
    internal void CheckFormat(SpecSchema schema, string context)
    {
        if (schema.Format is { } format && !KnownFormats.Contains(format))
        {
            Warn($"{context} has the unknown format '{format}'; it is typed by its type ({schema.Type ?? "none"}) alone.");
        }
    }

    private void DeclareDefinition(string name, SpecSchema schema)
    {
        if (schema.Unsupported is { } unsupported)
        {
            Warn($"The definition {name}: {unsupported}; it is typed as JsonElement (untyped JSON).");
            _aliases[name] = (PrimitiveType.Json, true, $"JsonElement? (untyped JSON: {unsupported})");
        }
        else if (name == NullUuid)
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
                // One rule for names a .NET file commonly imports too (LogLevel, Request, Response, System types): prefix "Coder".
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
            var typeFix = fix?.Type;
            if (typeFix is not null and not "base64" and not "json")
            {
                Warn($"The override properties:{key} has the unknown type fix '{typeFix}' (use base64 or json); the fix is ignored.");
                typeFix = null;
            }

            var (csType, forcedNullable) = typeFix switch
            {
                "base64" => (PrimitiveType.Bytes, false),
                "json" => (PrimitiveType.Json, true),
                _ => Resolve(propertySchema, key, allowInline: true),
            };

            if (typeFix is null && propertySchema.Type == "array" && propertySchema.Items?.Type is "integer" && propertySchema.Items.Format is null)
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
            if (declared is not null)
            {
                Warn($"The override properties:{key} declares a duration, but the property is not numeric ({type.Render()}); the unit is ignored.");
            }

            return null;
        }

        if (declared is not null and not "ns" and not "us" and not "ms" and not "s")
        {
            Warn($"The override properties:{key} has the unknown duration unit '{declared}' (use ns, us, ms or s); the unit is ignored.");
            declared = null;
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
            _ => null,
        };
    }

    private (CsType Type, bool Nullable) Resolve(SpecSchema schema, string context, bool allowInline)
    {
        if (schema.Unsupported is { } unsupported)
        {
            Warn($"{context}: {unsupported}; it is typed as JsonElement (untyped JSON).");
            return (PrimitiveType.Json, true);
        }

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

            Warn($"{context} refers to the definition '{reference}', which the spec does not have; it is typed as JsonElement (untyped JSON).");
            return (PrimitiveType.Json, true);
        }

        CheckFormat(schema, context);

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
            if (allowInline)
            {
                return (new NamedType(DeclareInline(schema, context)), false);
            }

            Warn($"{context} is an inline object, and only definitions are supported here; it is typed as JsonElement (untyped JSON).");
            return (PrimitiveType.Json, true);
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

    /// <summary>
    /// Drift rules for names the rules above still leave ambiguous (a typeNames entry or an inline object's derived name):
    /// a model named like a .NET type in a namespace the SDK imports gets the prefix <c>Coder</c>; of several models with
    /// one C# name, a definition (before an inline object, then in ordinal order of spec name) keeps it and each other
    /// gets the first free numeric suffix (<c>Widget2</c>). Each rename is a warning.
    /// </summary>
    private void SettleNames()
    {
        var types = _types.Values.Distinct().OrderBy(t => t.SpecName, StringComparer.Ordinal).ToList();
        foreach (var type in types.Where(t => FrameworkNames.All.Contains(t.Name)))
        {
            var old = type.Name;
            type.Name = FreeName(type, "Coder" + old, numbered: false);
            Warn($"The model name {old} ({type.SpecName}) is also a .NET type in a namespace the SDK imports; it is {type.Name}. Name it in the overrides' typeNames.");
        }

        foreach (var group in types.GroupBy(t => t.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList())
        {
            var ordered = group.OrderBy(t => IsInline(t) ? 1 : 0).ThenBy(t => t.SpecName, StringComparer.Ordinal).ToList();
            var renamed = new List<string>();
            foreach (var type in ordered.Skip(1))
            {
                type.Name = FreeName(type, group.Key, numbered: true);
                renamed.Add($"{type.SpecName} is {type.Name}");
            }

            Warn($"Several definitions get the C# name {group.Key} ({string.Join(", ", ordered.Select(t => t.SpecName))}): {ordered[0].SpecName} keeps it, " +
                $"{string.Join(", ", renamed)}. Name them in the overrides' typeNames.");
        }
    }

    /// <summary>
    /// Drift rule: a list, map or raw JSON value that operations send or return gets its JSON metadata name from its
    /// element (<c>WorkspaceList</c>); a model with that name gets the first free numeric suffix, with a warning.
    /// </summary>
    public void SettleJsonNames(IEnumerable<CsType> operationTypes)
    {
        var others = operationTypes.Where(t => t is not NamedType).ToList();
        while (true)
        {
            var byName = _types.Values.Distinct().ToDictionary(t => t.Name, StringComparer.Ordinal);
            var clash = others.DistinctBy(t => t.Key).OrderBy(t => t.Key, StringComparer.Ordinal).FirstOrDefault(t => byName.ContainsKey(t.Key));
            if (clash is null)
            {
                return;
            }

            var model = byName[clash.Key];
            model.Name = FreeName(model, clash.Key, numbered: true);
            Warn($"The JSON metadata name {clash.Key} for {clash.Render()} is also the name of the model {model.SpecName}; the model is {model.Name}. Name it in the overrides' typeNames.");
        }
    }

    /// <summary>The first of <paramref name="stem"/> (unless <paramref name="numbered"/>), stem2, stem3, ... that no other model, .NET type or member of the type uses.</summary>
    private string FreeName(TypeModel type, string stem, bool numbered)
    {
        var members = type.Properties.Select(p => p.Name).Concat(type.Properties.Select(p => p.Duration?.Name)).Concat(type.Members.Select(m => m.Name));
        var taken = new HashSet<string>(_types.Values.Where(t => t != type).Select(t => t.Name).Concat(members.OfType<string>()), StringComparer.Ordinal);
        if (!numbered && !taken.Contains(stem) && !FrameworkNames.Collides(stem))
        {
            return stem;
        }

        for (var i = 2; ; i++)
        {
            var candidate = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!taken.Contains(candidate) && !FrameworkNames.Collides(candidate))
            {
                return candidate;
            }
        }
    }

    private static bool IsInline(TypeModel type) => type.SpecName.Count(c => c == '.') > 1;

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
