using System.Text.Json;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>The pinned OpenAPI 2.0 document, read-only, with the lookups the contract tests need.</summary>
internal sealed class SwaggerDocument
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "options", "head", "patch"];

    private readonly JsonDocument _document;
    private readonly Dictionary<string, SpecOperation> _operations = new(StringComparer.Ordinal);

    private SwaggerDocument(string path, JsonDocument document)
    {
        Path = path;
        _document = document;
        var root = document.RootElement;
        Definitions = root.GetProperty("definitions");
        SecurityDefinitions = root.TryGetProperty("securityDefinitions", out var security) ? security : default;
        foreach (var item in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var verb in item.Value.EnumerateObject())
            {
                if (Array.IndexOf(Verbs, verb.Name) >= 0)
                {
                    var operation = new SpecOperation(verb.Name.ToUpperInvariant(), item.Name, verb.Value, item.Value);
                    _operations[operation.Key] = operation;
                }
            }
        }
    }

    public string Path { get; }

    public JsonElement Definitions { get; }

    public JsonElement SecurityDefinitions { get; }

    public IReadOnlyCollection<SpecOperation> Operations => _operations.Values;

    /// <summary>The repository's pinned spec copy: <c>src/CoderSdk.Generator/coder-api/swagger.json</c> below the first folder above the test assembly that holds <c>CoderSdk.sln</c>.</summary>
    public static string PinnedPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CoderSdk.sln")))
            {
                return System.IO.Path.Combine(dir.FullName, "src", "CoderSdk.Generator", "coder-api", "swagger.json");
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds CoderSdk.sln; the contract tests read the pinned Coder spec from src/CoderSdk.Generator/coder-api in the repository.");
    }

    /// <summary>Loads the pinned spec the SDK is generated from (see <see cref="PinnedPath"/>).</summary>
    public static SwaggerDocument LoadPinned()
    {
        var path = PinnedPath();
        return new SwaggerDocument(path, JsonDocument.Parse(File.ReadAllBytes(path)));
    }

    public SpecOperation? Find(string method, string route) =>
        _operations.GetValueOrDefault(SpecOperation.MakeKey(method, route));

    /// <summary>Follows <c>$ref</c> and merges <c>allOf</c> parts into one view of the schema.</summary>
    public SchemaView View(JsonElement schema) => SchemaView.Create(this, schema);

    /// <summary>The definition a <c>#/definitions/...</c> reference names.</summary>
    public JsonElement Definition(string reference)
    {
        const string prefix = "#/definitions/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only local definition references are supported, not '{reference}'.");
        }

        return Definitions.GetProperty(reference[prefix.Length..]);
    }
}

/// <summary>One operation of the spec: a method on a path.</summary>
internal sealed class SpecOperation
{
    public SpecOperation(string method, string route, JsonElement operation, JsonElement pathItem)
    {
        Method = method;
        Route = route;
        Element = operation;
        var parameters = new List<JsonElement>();
        if (operation.TryGetProperty("parameters", out var own))
        {
            parameters.AddRange(own.EnumerateArray());
        }

        if (pathItem.TryGetProperty("parameters", out var shared))
        {
            parameters.AddRange(shared.EnumerateArray().Where(p => !parameters.Any(o => Name(o) == Name(p) && In(o) == In(p))));
        }

        Parameters = parameters;
    }

    public string Method { get; }

    public string Route { get; }

    public string Key => MakeKey(Method, Route);

    public JsonElement Element { get; }

    public IReadOnlyList<JsonElement> Parameters { get; }

    public IEnumerable<JsonElement> ParametersIn(string location) => Parameters.Where(p => In(p) == location);

    public JsonElement? Body => ParametersIn("body").Select(p => (JsonElement?)p).FirstOrDefault();

    public IReadOnlyList<string> Consumes => Strings("consumes");

    public IReadOnlyList<string> Produces => Strings("produces");

    public IEnumerable<string> ResponseStatuses =>
        Element.TryGetProperty("responses", out var responses) ? responses.EnumerateObject().Select(r => r.Name) : [];

    /// <summary>The response schema the spec gives for a status, if any.</summary>
    public JsonElement? ResponseSchema(int status) =>
        Element.TryGetProperty("responses", out var responses) &&
        responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) &&
        response.TryGetProperty("schema", out var schema)
            ? schema
            : null;

    public bool Documents(int status) => ResponseStatuses.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Names of the security schemes the operation requires (any one of them).</summary>
    public IEnumerable<string> SecuritySchemes =>
        Element.TryGetProperty("security", out var security)
            ? security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(s => s.Name))
            : [];

    public static string MakeKey(string method, string route) => method.ToUpperInvariant() + " " + route;

    public static string Name(JsonElement parameter) => parameter.GetProperty("name").GetString()!;

    public static string In(JsonElement parameter) => parameter.GetProperty("in").GetString()!;

    public static bool IsRequired(JsonElement parameter) =>
        parameter.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True;

    private IReadOnlyList<string> Strings(string name) =>
        Element.TryGetProperty(name, out var values) ? values.EnumerateArray().Select(v => v.GetString()!).ToList() : [];
}

/// <summary>A schema with references followed and <c>allOf</c> parts merged.</summary>
internal sealed class SchemaView
{
    private SchemaView()
    {
    }

    /// <summary>The definition name when the schema is (or wraps) a single reference.</summary>
    public string? DefinitionName { get; private init; }

    public string? Type { get; private init; }

    public string? Format { get; private init; }

    public IReadOnlyList<JsonElement> Enum { get; private init; } = [];

    public IReadOnlyDictionary<string, JsonElement> Properties { get; private init; } = new Dictionary<string, JsonElement>();

    public IReadOnlySet<string> Required { get; private init; } = new HashSet<string>();

    public JsonElement? Items { get; private init; }

    /// <summary>The schema of map values, when the object is a map.</summary>
    public JsonElement? AdditionalProperties { get; private init; }

    public JsonElement Raw { get; private init; }

    public bool IsObject => Type == "object" || (Type is null && (Properties.Count > 0 || AdditionalProperties is not null));

    public bool IsNullUuid => DefinitionName == "uuid.NullUUID";

    public static SchemaView Create(SwaggerDocument spec, JsonElement schema)
    {
        string? definition = null;
        var parts = new List<JsonElement>();
        Flatten(spec, schema, parts, ref definition, depth: 0);
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var required = new HashSet<string>(StringComparer.Ordinal);
        string? type = null, format = null;
        IReadOnlyList<JsonElement> enumValues = [];
        JsonElement? items = null, additional = null;
        foreach (var part in parts)
        {
            type ??= part.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            format ??= part.TryGetProperty("format", out var f) ? f.GetString() : null;
            if (part.TryGetProperty("enum", out var e) && enumValues.Count == 0)
            {
                enumValues = e.EnumerateArray().ToList();
            }

            if (part.TryGetProperty("properties", out var props))
            {
                foreach (var prop in props.EnumerateObject())
                {
                    properties.TryAdd(prop.Name, prop.Value);
                }
            }

            if (part.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
            {
                required.UnionWith(req.EnumerateArray().Select(r => r.GetString()!));
            }

            if (part.TryGetProperty("items", out var i))
            {
                items ??= i;
            }

            if (part.TryGetProperty("additionalProperties", out var a) && a.ValueKind == JsonValueKind.Object)
            {
                additional ??= a;
            }
        }

        return new SchemaView
        {
            DefinitionName = definition,
            Type = type,
            Format = format,
            Enum = enumValues,
            Properties = properties,
            Required = required,
            Items = items,
            AdditionalProperties = additional,
            Raw = schema,
        };
    }

    private static void Flatten(SwaggerDocument spec, JsonElement schema, List<JsonElement> parts, ref string? definition, int depth)
    {
        if (depth > 16)
        {
            throw new InvalidOperationException("Schema references nest too deeply.");
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            definition ??= name[(name.LastIndexOf('/') + 1)..];
            Flatten(spec, spec.Definition(name), parts, ref definition, depth + 1);
            return;
        }

        parts.Add(schema);
        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Flatten(spec, part, parts, ref definition, depth + 1);
            }
        }
    }
}
