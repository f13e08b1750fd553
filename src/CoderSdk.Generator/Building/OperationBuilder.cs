using CoderSdk.Generator.Model;
using CoderSdk.Generator.Naming;
using CoderSdk.Generator.Spec;

namespace CoderSdk.Generator.Building;

/// <summary>
/// Turns operations into methods: which area each belongs to, its name, its parameters in C# order, the statuses it
/// accepts and what it returns. Streams and protocol upgrades are left out with their reason.
/// </summary>
internal sealed class OperationBuilder(SpecDocument spec, ModelBuilder models, OverrideUsage usage)
{
    private static readonly string[] Fillers = ["a", "an", "the", "new"];

    private static readonly string[] Prepositions = ["by", "for", "to", "of", "on"];

    private static readonly string[] Locations = ["path", "query", "header", "body", "formData"];

    private HashSet<string>? _knownAreas;

    public List<OperationModel> Operations { get; } = [];

    public List<ExcludedOperation> Excluded { get; } = [];

    private Overrides Overrides => usage.Overrides;

    public void Build()
    {
        foreach (var operation in spec.Operations)
        {
            var fix = usage.Operation(operation.Key);
            var reason = ExclusionReason(operation, fix);
            if (reason is not null)
            {
                Excluded.Add(new ExcludedOperation(operation, reason));
                continue;
            }

            Operations.Add(Build(operation, fix));
        }

        SettleMethodNames();

        foreach (var operation in Operations)
        {
            foreach (var body in operation.Parameters.Where(p => p.Style == ParameterStyle.Body))
            {
                foreach (var model in NamedTypes(body.Type))
                {
                    model.SentBy.Add(operation.Spec.Key);
                }
            }

            if (operation.Response.Type is { } returned)
            {
                foreach (var model in NamedTypes(returned))
                {
                    model.ReturnedBy.Add(operation.Spec.Key);
                }
            }
        }
    }

    /// <summary>
    /// Drift rule for operations of one area that get one method name (older specs give two routes one operation id):
    /// an operation whose name comes from the overrides keeps it when it is the only one; each other gets its HTTP method
    /// as a suffix (<c>GetPortShareDeleteAsync</c>), then a number when that is taken too, in ordinal order of
    /// <c>METHOD /route</c>. One warning per clash lists them.
    /// </summary>
    private void SettleMethodNames()
    {
        var clashes = Operations.GroupBy(o => (o.Area, o.Name)).Where(g => g.Count() > 1).OrderBy(g => g.Key.Area, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Name, StringComparer.Ordinal).ToList();
        foreach (var group in clashes)
        {
            var ordered = group.OrderBy(o => o.Spec.Key, StringComparer.Ordinal).ToList();
            var named = ordered.Where(o => usage.Overrides.Operations.GetValueOrDefault(o.Spec.Key)?.Name is not null).ToList();
            var keeper = named.Count == 1 ? named[0] : null;
            var taken = Operations.Where(o => o.Area == group.Key.Area).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            var stem = group.Key.Name[..^"Async".Length];
            foreach (var operation in ordered.Where(o => o != keeper))
            {
                var candidate = stem + Names.Pascal(operation.Spec.Method.ToLowerInvariant());
                var unique = candidate;
                for (var i = 2; taken.Contains(unique + "Async"); i++)
                {
                    unique = candidate + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                operation.Name = unique + "Async";
                taken.Add(operation.Name);
            }

            models.Warn($"Several operations get the method name {group.Key.Area}.{group.Key.Name}: " +
                string.Join(", ", ordered.Select(o => $"{o.Spec.Key} is {o.Name}")) + ". Name them in the overrides.");
        }
    }

    private string? ExclusionReason(SpecOperation operation, OperationOverride? fix)
    {
        if (fix?.Exclude is { } reason)
        {
            return reason;
        }

        // Drift rule: a parameter the SDK cannot send (a cookie, a #/parameters/ reference) leaves the operation out.
        if (operation.Parameters.FirstOrDefault(p => !Locations.Contains(p.In)) is { } unsupported)
        {
            var why = $"Has the parameter '{unsupported.Name}' in '{unsupported.In}', which the generator does not support.";
            models.Warn($"{operation.Key} is left out: {why[0..1].ToLowerInvariant()}{why[1..]}");
            return why;
        }

        if (operation.Responses.Any(r => r.Status == 101))
        {
            return "Answers 101 Switching Protocols: a WebSocket carrying a streaming or binary protocol, not a request/response call.";
        }

        return usage.SuffixReason(operation.Path);
    }

    private OperationModel Build(SpecOperation operation, OperationOverride? fix)
    {
        var area = AreaOf(operation, fix);
        var name = (fix?.Name ?? DeriveName(operation.OperationId, area)) + "Async";
        var dropped = new List<KeyValuePair<string, string>>();
        var parameters = BuildParameters(operation, fix, dropped);
        var response = BuildResponse(operation, fix);
        var documented = SuccessResponses(operation).Select(r => r.Status).ToList();
        if (documented.Count == 0)
        {
            documented = [.. operation.Responses.Select(r => r.Status).Where(s => s is >= 300 and < 400)];
        }

        if (documented.Count == 0)
        {
            // Drift rule: assume 200; the body is read as the response override says, or not at all.
            models.Warn($"{operation.Key} documents no success status; the method accepts 200 and {(fix?.Response is null ? "does not read the body" : "reads the body as the override says")}. Fix it in the overrides.");
            documented = [200];
        }

        var extra = (fix?.ExtraStatuses ?? []).Where(s => !documented.Contains(s)).Order().ToList();
        return new OperationModel
        {
            Spec = operation,
            Area = area,
            Name = name,
            Parameters = parameters,
            Response = response,
            Statuses = [.. documented, .. extra],
            ExtraStatuses = extra,
            Dropped = dropped,
        };
    }

    private string AreaOf(SpecOperation operation, OperationOverride? fix)
    {
        if (fix?.Area is { } area)
        {
            return area;
        }

        if (operation.Tag == Overrides.SplitTag)
        {
            if (Overrides.SplitRoutes.FirstOrDefault(r => operation.Path.StartsWith(r.Prefix, StringComparison.Ordinal)) is { } rule)
            {
                return rule.Area;
            }

            var fallback = FallbackArea(operation.Path);
            models.Warn($"{operation.Key} has the tag {operation.Tag} and no splitRoutes prefix matches it; it is in the area {fallback}. Add a splitRoutes rule.");
            return fallback;
        }

        return TagArea(operation.Tag);
    }

    private string TagArea(string tag) => Overrides.AreaByTag.TryGetValue(tag, out var mapped) ? mapped : Names.Pascal(tag);

    /// <summary>
    /// Drift rule for a split-tag route no prefix rule matches: the existing area named like the route's first segment
    /// after <c>/api/v2/</c> or <c>/api/experimental/</c>, ignoring case and separators (<c>/api/v2/organizations/...</c>
    /// -> <c>Organizations</c>); otherwise the area named after the split tag itself (<c>Enterprise</c>).
    /// </summary>
    private string FallbackArea(string path)
    {
        _knownAreas ??= [.. spec.Operations.Where(o => o.Tag != Overrides.SplitTag).Select(o => TagArea(o.Tag))
            .Concat(Overrides.SplitRoutes.Select(r => r.Area))
            .Concat(Overrides.Operations.Values.Select(o => o.Area).OfType<string>())];
        var rest = path.StartsWith("/api/v2/", StringComparison.Ordinal) ? path["/api/v2/".Length..]
            : path.StartsWith("/api/experimental/", StringComparison.Ordinal) ? path["/api/experimental/".Length..]
            : path.TrimStart('/');
        var segment = rest.Split('/')[0];
        var key = Names.Pascal(segment);
        var area = segment.StartsWith('{') || key.Length == 0
            ? null
            : _knownAreas.Where(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
        return area ?? Names.Pascal(Overrides.SplitTag);
    }

    /// <summary>
    /// <c>get-workspace-build-logs</c> in Builds -> <c>GetLogs</c>: drops filler words, a trailing "by ... id", the words
    /// that repeat the area (a removed plural turns <c>get</c> into <c>list</c>), and a preposition left dangling.
    /// </summary>
    internal string DeriveName(string operationId, string area)
    {
        var words = operationId.Split('-', StringSplitOptions.RemoveEmptyEntries).Where(w => !Fillers.Contains(w)).ToList();
        if (words.Count > 1 && words[0] == "removed")
        {
            words.RemoveAt(0);
        }

        var by = words.LastIndexOf("by");
        if (by > 0 && words[^1] == "id" && words.Count - by <= 3)
        {
            words.RemoveRange(by, words.Count - by);
        }

        foreach (var noun in Overrides.AreaNouns.GetValueOrDefault(area) ?? [])
        {
            if (RemoveNoun(words, noun.Split('-')))
            {
                break;
            }
        }

        while (words.Count > 1 && Prepositions.Contains(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return Names.Pascal(words);
    }

    private static bool RemoveNoun(List<string> words, string[] noun)
    {
        for (var i = 1; i + noun.Length <= words.Count; i++)
        {
            var last = words[i + noun.Length - 1];
            var singular = words.Skip(i).Take(noun.Length - 1).SequenceEqual(noun[..^1]) && last == noun[^1];
            var plural = !singular && words.Skip(i).Take(noun.Length - 1).SequenceEqual(noun[..^1]) && last == Plural(noun[^1]);
            if (!singular && !plural)
            {
                continue;
            }

            words.RemoveRange(i, noun.Length);
            var listed = plural && words[0] == "get" && (i == words.Count || words[i] == "by");
            if (listed)
            {
                words[0] = "list";
            }

            return true;
        }

        return false;
    }

    private static string Plural(string word) =>
        word.EndsWith('y') ? word[..^1] + "ies" : word + "s";

    private List<ParameterModel> BuildParameters(SpecOperation operation, OperationOverride? fix, List<KeyValuePair<string, string>> dropped)
    {
        var path = new List<ParameterModel>();
        var required = new List<ParameterModel>();
        var requiredBodies = new List<ParameterModel>();
        var optionalBodies = new List<ParameterModel>();
        var optional = new List<ParameterModel>();
        var hasFile = operation.Parameters.Any(p => p.In == "formData" && p.Schema.Type == "file");

        foreach (var parameter in operation.Parameters)
        {
            if (parameter.In is "query" or "formData" && DropReason(parameter.Name, fix) is { } reason)
            {
                dropped.Add(new(parameter.Name, reason));
                continue;
            }

            if (parameter.In == "path" && !operation.Path.Contains("{" + parameter.Name + "}", StringComparison.Ordinal))
            {
                dropped.Add(new(parameter.Name, $"the spec lists it as a path parameter but the route has no {{{parameter.Name}}} segment"));
                continue;
            }

            var model = BuildParameter(operation, parameter, fix, hasFile);
            var list = model.Style switch
            {
                ParameterStyle.Path => path,
                ParameterStyle.Body or ParameterStyle.RawBody => model.Required ? requiredBodies : optionalBodies,
                _ => model.Required ? required : optional,
            };
            list.Add(model);
        }

        if (fix?.RequestBody is { } definition && models.ResolveDefinition(definition, $"operations:{operation.Key} requestBody") is { } bodyType)
        {
            requiredBodies.Add(new ParameterModel { WireName = "body", Name = "request", Type = bodyType, Style = ParameterStyle.Body, Required = true });
        }

        if (fix?.Body == "raw")
        {
            required.Add(new ParameterModel { WireName = "Content-Type", Name = "contentType", Type = PrimitiveType.String, Style = ParameterStyle.ContentType, Required = true });
            requiredBodies.Add(new ParameterModel { WireName = "body", Name = "content", Type = PrimitiveType.Stream, Style = ParameterStyle.RawBody, Required = true });
        }

        AddUndescribedRouteParameters(operation, fix, path);
        path.Sort((a, b) => operation.Path.IndexOf("{" + a.WireName + "}", StringComparison.Ordinal)
            .CompareTo(operation.Path.IndexOf("{" + b.WireName + "}", StringComparison.Ordinal)));
        List<ParameterModel> ordered = [.. path, .. required, .. requiredBodies, .. optionalBodies, .. optional];
        if (fix?.ParameterOrder is { Count: > 0 } order)
        {
            // Drift rule: names the operation no longer has are skipped, and an order that would put an optional
            // parameter before a required one is ignored; both with a warning.
            var missing = order.Where(n => !ordered.Exists(p => p.WireName == n)).ToList();
            if (missing.Count > 0)
            {
                models.Warn($"The override operations:{operation.Key} parameterOrder names {string.Join(", ", missing.Select(n => $"'{n}'"))}, which the operation does not have; skipped.");
            }

            var first = order.Select(n => ordered.Find(p => p.WireName == n)).OfType<ParameterModel>().Distinct().ToList();
            List<ParameterModel> reordered = [.. first, .. ordered.Except(first)];
            var firstOptional = reordered.FindIndex(p => !p.Required);
            if (firstOptional >= 0 && reordered.Skip(firstOptional).Any(p => p.Required))
            {
                models.Warn($"The override operations:{operation.Key} parameterOrder puts an optional parameter before a required one; the order is ignored.");
            }
            else
            {
                ordered = reordered;
            }
        }

        return UniqueNames(operation, ordered);
    }

    /// <summary>
    /// Drift rule: a route segment no path parameter describes becomes a required string path parameter (the
    /// pathParameters overrides apply), with a warning.
    /// </summary>
    private void AddUndescribedRouteParameters(SpecOperation operation, OperationOverride? fix, List<ParameterModel> path)
    {
        var start = 0;
        while ((start = operation.Path.IndexOf('{', start)) >= 0)
        {
            var end = operation.Path.IndexOf('}', start);
            if (end < 0)
            {
                break;
            }

            var name = operation.Path[(start + 1)..end];
            if (!path.Exists(p => p.WireName == name))
            {
                models.Warn($"{operation.Key}: the route names {{{name}}} but no path parameter does; the method takes it as a string.");
                path.Add(BuildParameter(operation, new SpecParameter(name, "path", true, new SpecSchema { Type = "string" }, null), fix, hasFile: false));
            }

            start = end;
        }
    }

    /// <summary>
    /// Drift rule: parameters whose C# names clash (with each other or with <c>cancellationToken</c>) keep the first
    /// and get the first free numeric suffix after it (<c>name2</c>), in parameter order, with a warning.
    /// </summary>
    private List<ParameterModel> UniqueNames(SpecOperation operation, List<ParameterModel> ordered)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal) { "cancellationToken" };
        var result = new List<ParameterModel>();
        var renamed = new List<string>();
        foreach (var parameter in ordered)
        {
            if (taken.Add(parameter.Name))
            {
                result.Add(parameter);
                continue;
            }

            var stem = parameter.Name.TrimStart('@');
            var name = stem;
            for (var i = 2; !taken.Add(name); i++)
            {
                name = stem + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            renamed.Add($"{parameter.WireName} ({parameter.Style}) is {name}");
            result.Add(new ParameterModel
            {
                WireName = parameter.WireName,
                Name = name,
                Type = parameter.Type,
                Style = parameter.Style,
                Required = parameter.Required,
                Format = parameter.Format,
                KnownValues = parameter.KnownValues,
                Note = parameter.Note,
            });
        }

        if (renamed.Count > 0)
        {
            models.Warn($"{operation.Key}: parameter names clash; {string.Join(", ", renamed)}. Rename them in the overrides.");
        }

        return result;
    }

    private string? DropReason(string name, OperationOverride? fix) =>
        fix?.Drop.GetValueOrDefault(name) ?? Overrides.DroppedQueryParameters.GetValueOrDefault(name);

    private ParameterModel BuildParameter(SpecOperation operation, SpecParameter parameter, OperationOverride? fix, bool hasFile)
    {
        var shared = parameter.In == "path" ? usage.PathParameter(parameter.Name) : null;
        var own = fix?.Parameters.GetValueOrDefault(parameter.Name);
        var name = own?.Name ?? shared?.Name ?? Names.Camel(parameter.Name);
        var typeFix = own?.Type ?? shared?.Type;
        var required = parameter.In == "path" || (own?.Required ?? parameter.Required);
        var schema = parameter.Schema;
        var known = schema.Enum.Count > 0 && !schema.EnumIsInteger ? schema.Enum : [];

        (CsType Type, ParameterStyle Style) shape = parameter.In switch
        {
            "path" => (PathType(operation, parameter, typeFix), ParameterStyle.Path),
            "body" => (models.Resolve(schema, operation.Key + " body").Type, ParameterStyle.Body),
            "header" when hasFile && parameter.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) => (PrimitiveType.String, ParameterStyle.ContentType),
            "header" => (PrimitiveType.String, ParameterStyle.Header),
            "formData" when schema.Type == "file" => (PrimitiveType.Stream, ParameterStyle.RawBody),
            "formData" => (PrimitiveType.String, ParameterStyle.Form),
            "query" => QueryShape(schema, parameter, typeFix, own?.Flag == true, operation),

            // Not reached: ExclusionReason leaves out operations with other locations.
            _ => throw new InvalidOperationException($"{operation.Key}: parameters in '{parameter.In}' are not supported."),
        };

        return new ParameterModel
        {
            WireName = parameter.Name,
            Name = parameter.In == "body" ? Names.Camel(parameter.Name) : name,
            Type = shape.Type,
            Style = shape.Style,
            Required = required,
            Format = schema.Format,
            KnownValues = known,
            Note = own?.Note ?? shared?.Note,
        };
    }

    /// <summary>
    /// The type of a path parameter. Rule: every <c>{organization}</c> segment is a <see cref="PrimitiveType.Organization"/>,
    /// because coderd resolves it from an ID, a name or <c>default</c> on every route.
    /// </summary>
    private CsType PathType(SpecOperation operation, SpecParameter parameter, string? typeFix) =>
        parameter.Name == OrganizationParameter
            ? PrimitiveType.Organization
            : FixedType(typeFix, operation) ?? ScalarType(schema: parameter.Schema, context: $"{operation.Key} path parameter {parameter.Name}");

    /// <summary>The path parameter coderd resolves by ID, name or <c>default</c>.</summary>
    internal const string OrganizationParameter = "organization";

    private (CsType, ParameterStyle) QueryShape(SpecSchema schema, SpecParameter parameter, string? typeFix, bool flag, SpecOperation operation)
    {
        var context = $"{operation.Key} query parameter {parameter.Name}";
        if (FixedType(typeFix, operation) is { } fixedType)
        {
            return fixedType switch
            {
                ListType => (fixedType, ParameterStyle.QueryCsv),
                MapType => (fixedType, ParameterStyle.QueryJson),
                _ => (fixedType, ParameterStyle.Query),
            };
        }

        switch (schema.Type)
        {
            case "array":
                models.CheckFormat(schema, context);
                if (schema.Items is { } items)
                {
                    models.CheckFormat(items, context + "[]");
                }

                var element = schema.Items?.Format == "uuid" || schema.Format == "uuid" ? (CsType)PrimitiveType.Guid : PrimitiveType.String;
                return (new ListType(element), parameter.CollectionFormat == "multi" ? ParameterStyle.QueryRepeat : ParameterStyle.QueryCsv);
            case "object":
                return (new MapType(PrimitiveType.String), ParameterStyle.QueryJson);
            case "boolean":
                models.CheckFormat(schema, context);
                return (PrimitiveType.Bool, flag ? ParameterStyle.QueryFlag : ParameterStyle.Query);
            default:
                return (ScalarType(schema, context), ParameterStyle.Query);
        }
    }

    private CsType ScalarType(SpecSchema schema, string context)
    {
        models.CheckFormat(schema, context);
        return ScalarType(schema);
    }

    private static CsType ScalarType(SpecSchema schema) => (schema.Type, schema.Format) switch
    {
        (_, "uuid") => PrimitiveType.Guid,
        ("string", "date-time") => PrimitiveType.DateTime,
        ("integer", _) or ("string", "number") => PrimitiveType.Long,
        ("number", _) => PrimitiveType.Double,
        ("boolean", _) => PrimitiveType.Bool,
        _ => PrimitiveType.String,
    };

    /// <summary>The type a parameter type fix names; <c>null</c> without a fix, or (drift rule, with a warning) for one that names nothing.</summary>
    private CsType? FixedType(string? fix, SpecOperation operation)
    {
        switch (fix)
        {
            case null:
                return null;
            case "uuid":
                return PrimitiveType.Guid;
            case "string":
                return PrimitiveType.String;
            case "integer":
                return PrimitiveType.Long;
            case "uuid-list":
                return new ListType(PrimitiveType.Guid);
            case "string-list":
                return new ListType(PrimitiveType.String);
            case "json-map":
                return new MapType(PrimitiveType.String);
            case var _ when fix.StartsWith("enum:", StringComparison.Ordinal):
                return models.ResolveDefinition(fix["enum:".Length..], $"operations:{operation.Key} parameter type '{fix}'");
            default:
                models.Warn($"{operation.Key}: unknown parameter type fix '{fix}'; the fix is ignored.");
                return null;
        }
    }

    private ResponseModel BuildResponse(SpecOperation operation, OperationOverride? fix)
    {
        if (fix?.Response is { } declared && DeclaredResponse(operation, declared) is { } fixedResponse)
        {
            return fixedResponse;
        }

        var successes = SuccessResponses(operation);
        if (successes.Count == 0)
        {
            return operation.Responses.Any(r => r.Status is >= 300 and < 400)
                ? new ResponseModel(ResponseKind.Redirect, null, null)
                : new ResponseModel(ResponseKind.None, null, null);
        }

        if (successes.Find(r => r.Schema is not null) is { Schema: { } schema })
        {
            var type = models.Resolve(schema, operation.Key + " response").Type;
            var empty = successes.Find(r => r.Schema is null);
            return empty is null
                ? new ResponseModel(ResponseKind.Json, type, null)
                : new ResponseModel(ResponseKind.JsonOrNothing, type, empty.Status);
        }

        if (operation.Produces.Any(p => p.StartsWith("text/", StringComparison.Ordinal)))
        {
            return new ResponseModel(ResponseKind.Text, null, null);
        }

        return operation.Produces.Any(p => !IsJson(p))
            ? new ResponseModel(ResponseKind.Bytes, null, null)
            : new ResponseModel(ResponseKind.None, null, null);
    }

    /// <summary>The response a response fix declares, or (drift rule, with a warning) <c>null</c> for one the generator does not know.</summary>
    private ResponseModel? DeclaredResponse(SpecOperation operation, string declared)
    {
        var entry = $"operations:{operation.Key} response '{declared}'";
        switch (declared)
        {
            case "none":
                return new ResponseModel(ResponseKind.None, null, null);
            case "bytes":
                return new ResponseModel(ResponseKind.Bytes, null, null);
            case "text":
                return new ResponseModel(ResponseKind.Text, null, null);
            case "redirect":
                return new ResponseModel(ResponseKind.Redirect, null, null);
            case "json:any":
                return new ResponseModel(ResponseKind.Json, PrimitiveType.Json, null);
            case var _ when declared.StartsWith("json:", StringComparison.Ordinal) && declared.EndsWith("[]", StringComparison.Ordinal):
                return models.ResolveDefinition(declared[5..^2], entry) is { } element ? new ResponseModel(ResponseKind.Json, new ListType(element), null) : null;
            case var _ when declared.StartsWith("json:", StringComparison.Ordinal):
                return models.ResolveDefinition(declared[5..], entry) is { } type ? new ResponseModel(ResponseKind.Json, type, null) : null;
            default:
                models.Warn($"{operation.Key}: unknown response fix '{declared}'; the fix is ignored.");
                return null;
        }
    }

    /// <summary>The 2xx responses, plus 304 Not Modified when it is documented next to them (an update that changed nothing).</summary>
    private static List<SpecResponse> SuccessResponses(SpecOperation operation)
    {
        var successes = operation.Responses.Where(r => r.Status is >= 200 and < 300).ToList();
        if (successes.Count > 0)
        {
            successes.AddRange(operation.Responses.Where(r => r.Status == 304));
        }

        return successes;
    }

    private static bool IsJson(string mediaType) =>
        mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static IEnumerable<TypeModel> NamedTypes(CsType type) => type switch
    {
        NamedType named => [named.Model],
        ListType list => NamedTypes(list.Element),
        MapType map => NamedTypes(map.Value),
        _ => [],
    };
}
