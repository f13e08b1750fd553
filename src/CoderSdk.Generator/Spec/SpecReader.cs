using System.Globalization;
using System.Text.Json;

namespace CoderSdk.Generator.Spec;

/// <summary>
/// Reads a Swagger 2.0 document with <see cref="JsonDocument"/>. The 2.0 details the SDK depends on (collection formats,
/// <c>produces</c>/<c>consumes</c>, definition names with their Go package) stay exactly as written.
/// </summary>
internal static class SpecReader
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "options", "head", "patch"];

    /// <summary>Reads the document.</summary>
    /// <param name="json">The Swagger 2.0 JSON.</param>
    /// <param name="outsideBasePath">
    /// Route prefixes that are served from the root even when the document declares a <c>basePath</c> (a deployment's
    /// own <c>/swagger/doc.json</c> says <c>/api/v2</c> but lists <c>/oauth2/...</c> and <c>/.well-known/...</c> too).
    /// </param>
    public static SpecDocument Read(string json, IReadOnlyList<string>? outsideBasePath = null)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = false });
        var root = document.RootElement;
        var version = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("swagger", out var v) ? v.ToString() : null;
        if (version != "2.0")
        {
            throw new GeneratorException($"Expected a Swagger 2.0 document (\"swagger\": \"2.0\") but found {version ?? "no version"}.");
        }

        if (!root.TryGetProperty("paths", out var paths) || paths.ValueKind != JsonValueKind.Object)
        {
            throw new GeneratorException("The Swagger 2.0 document has no \"paths\" object.");
        }

        var definitions = new SortedDictionary<string, SpecSchema>(StringComparer.Ordinal);
        if (root.TryGetProperty("definitions", out var defs))
        {
            foreach (var def in defs.EnumerateObject())
            {
                definitions[def.Name] = ReadSchema(def.Value);
            }
        }

        var basePath = root.TryGetProperty("basePath", out var bp) ? bp.GetString()?.TrimEnd('/') ?? string.Empty : string.Empty;
        var operations = new List<SpecOperation>();
        foreach (var path in paths.EnumerateObject())
        {
            var route = Route(basePath, path.Name, outsideBasePath ?? []);
            var shared = path.Value.TryGetProperty("parameters", out var sp) ? ReadParameters(sp) : [];
            foreach (var method in Methods)
            {
                if (path.Value.TryGetProperty(method, out var op))
                {
                    operations.Add(ReadOperation(method.ToUpperInvariant(), route, op, shared));
                }
            }
        }

        operations.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new SpecDocument(operations, definitions);
    }

    /// <summary>The full route: the base path in front, unless the path already has it or is served from the root.</summary>
    private static string Route(string basePath, string path, IReadOnlyList<string> outsideBasePath)
    {
        if (basePath.Length == 0 || path.StartsWith(basePath + "/", StringComparison.Ordinal) || path == basePath ||
            outsideBasePath.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)))
        {
            return path;
        }

        return basePath + path;
    }

    private static SpecOperation ReadOperation(string method, string path, JsonElement op, IReadOnlyList<SpecParameter> shared)
    {
        var parameters = new List<SpecParameter>(shared);
        if (op.TryGetProperty("parameters", out var ps))
        {
            foreach (var parameter in ReadParameters(ps))
            {
                parameters.RemoveAll(p => p.Name == parameter.Name && p.In == parameter.In);
                parameters.Add(parameter);
            }
        }

        var responses = new List<SpecResponse>();
        if (op.TryGetProperty("responses", out var rs))
        {
            foreach (var response in rs.EnumerateObject())
            {
                if (int.TryParse(response.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                {
                    var schema = response.Value.TryGetProperty("schema", out var s) ? ReadSchema(s) : null;
                    responses.Add(new SpecResponse(status, schema));
                }
            }
        }

        responses.Sort((a, b) => a.Status.CompareTo(b.Status));
        var tags = op.TryGetProperty("tags", out var t) ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
        var operationId = op.TryGetProperty("operationId", out var id) ? id.GetString()! : $"{method}-{path}".ToLowerInvariant();
        return new SpecOperation(
            method,
            path,
            operationId,
            tags.Count > 0 ? tags[0] : "General",
            op.TryGetProperty("deprecated", out var d) && d.ValueKind == JsonValueKind.True,
            parameters,
            responses,
            Strings(op, "produces"),
            Strings(op, "consumes"),
            SecurityOf(op));
    }

    /// <summary>The name of the first security scheme the operation names; empty when it names none, null when it says nothing.</summary>
    private static string? SecurityOf(JsonElement op)
    {
        if (!op.TryGetProperty("security", out var security) || security.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var requirement in security.EnumerateArray())
        {
            foreach (var scheme in requirement.EnumerateObject())
            {
                return scheme.Name;
            }
        }

        return string.Empty;
    }

    private static List<SpecParameter> ReadParameters(JsonElement array)
    {
        var result = new List<SpecParameter>();
        foreach (var p in array.EnumerateArray())
        {
            // A parameter reference (#/parameters/...) or one without a location reads as an unsupported location,
            // which leaves its operation out with a warning.
            var location = p.TryGetProperty("in", out var i) && i.ValueKind == JsonValueKind.String
                ? i.GetString()!
                : p.TryGetProperty("$ref", out var pr) ? $"$ref {pr}" : "(none)";
            var schema = location == "body" && p.TryGetProperty("schema", out var s) ? ReadSchema(s) : ReadSchema(p);
            result.Add(new SpecParameter(
                p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "(unnamed)",
                location,
                p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
                schema,
                p.TryGetProperty("collectionFormat", out var cf) ? cf.GetString() : null));
        }

        return result;
    }

    internal static SpecSchema ReadSchema(JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return SpecSchema.AnyValue;
        }

        if (e.ValueKind != JsonValueKind.Object)
        {
            return new SpecSchema { Unsupported = $"the schema is a JSON {e.ValueKind.ToString().ToLowerInvariant()}, not an object" };
        }

        string? reference = null;
        string? unsupported = null;
        if (e.TryGetProperty("$ref", out var r))
        {
            (reference, unsupported) = LocalRef(r);
        }
        else if (e.TryGetProperty("allOf", out var all) && all.ValueKind == JsonValueKind.Array && all.GetArrayLength() == 1 &&
            all[0].ValueKind == JsonValueKind.Object && all[0].TryGetProperty("$ref", out var ar))
        {
            (reference, unsupported) = LocalRef(ar);
        }
        else if (e.TryGetProperty("allOf", out var many))
        {
            // Drift rule: an allOf that is not a plain reference (several members, an inline member) is raw JSON.
            unsupported = $"an allOf with {(many.ValueKind == JsonValueKind.Array ? many.GetArrayLength() : 0)} members is not supported";
        }

        var properties = new List<KeyValuePair<string, SpecSchema>>();
        var hasProperties = e.TryGetProperty("properties", out var props);
        if (hasProperties)
        {
            foreach (var prop in props.EnumerateObject())
            {
                properties.Add(new(prop.Name, ReadSchema(prop.Value)));
            }
        }

        var enumValues = new List<string>();
        var enumIsInteger = false;
        if (e.TryGetProperty("enum", out var en))
        {
            foreach (var value in en.EnumerateArray())
            {
                enumIsInteger |= value.ValueKind == JsonValueKind.Number;
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                if (!enumValues.Contains(text))
                {
                    enumValues.Add(text);
                }
            }
        }

        return new SpecSchema
        {
            Ref = reference,
            Type = e.TryGetProperty("type", out var type) ? type.GetString() : null,
            Format = e.TryGetProperty("format", out var format) ? format.GetString() : null,
            Properties = properties,
            HasProperties = hasProperties,
            Required = e.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array
                ? req.EnumerateArray().Select(x => x.GetString()!).ToHashSet(StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal),
            Items = e.TryGetProperty("items", out var items) ? ReadSchema(items) : null,
            AdditionalProperties = e.TryGetProperty("additionalProperties", out var ap) ? ReadSchema(ap) : null,
            Enum = enumValues,
            EnumIsInteger = enumIsInteger,
            EnumVarNames = Strings(e, "x-enum-varnames"),
            Unsupported = unsupported,
        };
    }

    /// <summary>
    /// The definition a <c>$ref</c> names, or (drift rule) why it cannot be followed: only local
    /// <c>#/definitions/</c> references are supported; any other is raw JSON.
    /// </summary>
    private static (string? Reference, string? Unsupported) LocalRef(JsonElement value)
    {
        const string Prefix = "#/definitions/";
        var reference = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return reference.StartsWith(Prefix, StringComparison.Ordinal) && reference.Length > Prefix.Length
            ? (reference[Prefix.Length..], null)
            : (null, $"the reference {reference} is not a local #/definitions/ reference");
    }

    private static List<string> Strings(JsonElement e, string name) =>
        e.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToList()
            : [];
}
