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

        var clashes = Operations.GroupBy(o => (o.Area, o.Name)).Where(g => g.Count() > 1).ToList();
        if (clashes.Count > 0)
        {
            throw new GeneratorException("Several operations get the same method name; name them in the overrides: " +
                string.Join("; ", clashes.Select(g => $"{g.Key.Area}.{g.Key.Name} <- {string.Join(", ", g.Select(o => o.Spec.Key))}")));
        }

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

    private string? ExclusionReason(SpecOperation operation, OperationOverride? fix)
    {
        if (fix?.Exclude is { } reason)
        {
            return reason;
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
            throw new GeneratorException($"{operation.Key} documents no success status; exclude it or fix it in the overrides.");
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
            return Overrides.SplitRoutes.FirstOrDefault(r => operation.Path.StartsWith(r.Prefix, StringComparison.Ordinal))?.Area
                ?? throw new GeneratorException($"{operation.Key} has the tag {operation.Tag} and no splitRoutes prefix matches it; add one.");
        }

        return Overrides.AreaByTag.TryGetValue(operation.Tag, out var mapped) ? mapped : Names.Pascal(operation.Tag);
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

        if (fix?.RequestBody is { } definition)
        {
            requiredBodies.Add(new ParameterModel { WireName = "body", Name = "request", Type = models.ResolveDefinition(definition), Style = ParameterStyle.Body, Required = true });
        }

        if (fix?.Body == "raw")
        {
            required.Add(new ParameterModel { WireName = "Content-Type", Name = "contentType", Type = PrimitiveType.String, Style = ParameterStyle.ContentType, Required = true });
            requiredBodies.Add(new ParameterModel { WireName = "body", Name = "content", Type = PrimitiveType.Stream, Style = ParameterStyle.RawBody, Required = true });
        }

        path.Sort((a, b) => operation.Path.IndexOf("{" + a.WireName + "}", StringComparison.Ordinal)
            .CompareTo(operation.Path.IndexOf("{" + b.WireName + "}", StringComparison.Ordinal)));
        List<ParameterModel> ordered = [.. path, .. required, .. requiredBodies, .. optionalBodies, .. optional];
        if (fix?.ParameterOrder is { Count: > 0 } order)
        {
            var first = order.Select(n => ordered.Find(p => p.WireName == n)
                ?? throw new GeneratorException($"{operation.Key}: parameterOrder names '{n}', which the operation does not have.")).ToList();
            ordered = [.. first, .. ordered.Except(first)];
        }

        var firstOptional = ordered.FindIndex(p => !p.Required);
        if (firstOptional >= 0 && ordered.Skip(firstOptional).Any(p => p.Required))
        {
            throw new GeneratorException($"{operation.Key}: the parameter order puts an optional parameter before a required one.");
        }

        var names = ordered.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (names.Count > 0 || ordered.Exists(p => p.Name == "cancellationToken"))
        {
            throw new GeneratorException($"{operation.Key}: parameter names clash ({string.Join(", ", names)}); rename them in the overrides.");
        }

        CheckRouteParameters(operation, path);
        return ordered;
    }

    private static void CheckRouteParameters(SpecOperation operation, List<ParameterModel> path)
    {
        var start = 0;
        while ((start = operation.Path.IndexOf('{', start)) >= 0)
        {
            var end = operation.Path.IndexOf('}', start);
            var name = operation.Path[(start + 1)..end];
            if (!path.Exists(p => p.WireName == name))
            {
                throw new GeneratorException($"{operation.Key}: the route names {{{name}}} but no path parameter does.");
            }

            start = end;
        }
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
            "path" => (typeFix is null ? ScalarType(schema) : FixedType(typeFix, operation), ParameterStyle.Path),
            "body" => (models.Resolve(schema, operation.Key + " body").Type, ParameterStyle.Body),
            "header" when hasFile && parameter.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) => (PrimitiveType.String, ParameterStyle.ContentType),
            "header" => (PrimitiveType.String, ParameterStyle.Header),
            "formData" when schema.Type == "file" => (PrimitiveType.Stream, ParameterStyle.RawBody),
            "formData" => (PrimitiveType.String, ParameterStyle.Form),
            "query" => QueryShape(schema, parameter.CollectionFormat, typeFix, own?.Flag == true, operation),
            _ => throw new GeneratorException($"{operation.Key}: parameters in '{parameter.In}' are not supported."),
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

    private (CsType, ParameterStyle) QueryShape(SpecSchema schema, string? collectionFormat, string? typeFix, bool flag, SpecOperation operation)
    {
        if (typeFix is not null)
        {
            var fixedType = FixedType(typeFix, operation);
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
                var element = schema.Items?.Format == "uuid" || schema.Format == "uuid" ? (CsType)PrimitiveType.Guid : PrimitiveType.String;
                return (new ListType(element), collectionFormat == "multi" ? ParameterStyle.QueryRepeat : ParameterStyle.QueryCsv);
            case "object":
                return (new MapType(PrimitiveType.String), ParameterStyle.QueryJson);
            case "boolean":
                return (PrimitiveType.Bool, flag ? ParameterStyle.QueryFlag : ParameterStyle.Query);
            default:
                return (ScalarType(schema), ParameterStyle.Query);
        }
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

    private CsType FixedType(string fix, SpecOperation operation) => fix switch
    {
        "uuid" => PrimitiveType.Guid,
        "string" => PrimitiveType.String,
        "integer" => PrimitiveType.Long,
        "uuid-list" => new ListType(PrimitiveType.Guid),
        "string-list" => new ListType(PrimitiveType.String),
        "json-map" => new MapType(PrimitiveType.String),
        _ when fix.StartsWith("enum:", StringComparison.Ordinal) => models.ResolveDefinition(fix["enum:".Length..]),
        _ => throw new GeneratorException($"{operation.Key}: unknown parameter type fix '{fix}'."),
    };

    private ResponseModel BuildResponse(SpecOperation operation, OperationOverride? fix)
    {
        if (fix?.Response is { } declared)
        {
            return declared switch
            {
                "none" => new ResponseModel(ResponseKind.None, null, null),
                "bytes" => new ResponseModel(ResponseKind.Bytes, null, null),
                "text" => new ResponseModel(ResponseKind.Text, null, null),
                "redirect" => new ResponseModel(ResponseKind.Redirect, null, null),
                "json:any" => new ResponseModel(ResponseKind.Json, PrimitiveType.Json, null),
                _ when declared.StartsWith("json:", StringComparison.Ordinal) && declared.EndsWith("[]", StringComparison.Ordinal) =>
                    new ResponseModel(ResponseKind.Json, new ListType(models.ResolveDefinition(declared[5..^2])), null),
                _ when declared.StartsWith("json:", StringComparison.Ordinal) =>
                    new ResponseModel(ResponseKind.Json, models.ResolveDefinition(declared[5..]), null),
                _ => throw new GeneratorException($"{operation.Key}: unknown response fix '{declared}'."),
            };
        }

        var successes = SuccessResponses(operation);
        if (successes.Count == 0)
        {
            return new ResponseModel(ResponseKind.Redirect, null, null);
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
