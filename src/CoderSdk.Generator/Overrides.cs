using System.Text.Json;

namespace CoderSdk.Generator;

/// <summary>
/// What the spec alone cannot say: hand-picked names, areas, the real success statuses, duration units, secret fields,
/// and type fixes. Loaded from <c>overrides.json</c>; every entry is keyed by spec facts (definition names, JSON
/// property names, <c>METHOD /route</c>), so a newer spec keeps working and stale keys are reported.
/// </summary>
internal sealed class Overrides
{
    /// <summary>Route prefixes served from the root even when the document declares a <c>basePath</c>.</summary>
    public List<string> RoutesOutsideBasePath { get; init; } = [];

    /// <summary>Stream operations (left out of the Refit interfaces) and the hand-written method that follows each: <c>"GET /route": "client.Area.MethodAsync"</c>.</summary>
    public Dictionary<string, string> StreamMethods { get; init; } = [];

    /// <summary>
    /// Definitions the spec lacks (request bodies it does not document), in Swagger 2.0 schema form. Their
    /// <c>required</c> properties are non-null; the rest are nullable.
    /// </summary>
    public Dictionary<string, JsonElement> ExtraDefinitions { get; init; } = [];

    /// <summary>
    /// Definitions the hand-written layer (streams, workflows) uses by name. Generating from an older release that
    /// lacks one takes it, with the definitions it refers to, from the baseline spec (the pinned one), so the SDK still
    /// compiles; the runtime's version checks say which servers have it.
    /// </summary>
    public List<string> HandWrittenDefinitions { get; init; } = [];

    /// <summary>C# names for definitions (and inline objects, keyed <c>definition.property</c>).</summary>
    public Dictionary<string, string> TypeNames { get; init; } = [];

    /// <summary>Prefixes that tell apart definitions from different Go packages that share a name.</summary>
    public Dictionary<string, string> PackagePrefixes { get; init; } = [];

    /// <summary>Per property (<c>definition.json_name</c>): type fixes, duration units, secrets.</summary>
    public Dictionary<string, PropertyOverride> Properties { get; init; } = [];

    /// <summary>JSON property names that hold a secret in whatever model they appear (text values only).</summary>
    public List<string> SecretPropertyNames { get; init; } = [];

    /// <summary>Per path parameter name, in every route: C# name and type.</summary>
    public Dictionary<string, ParameterOverride> PathParameters { get; init; } = [];

    /// <summary>Query parameters left out of every method, with the reason.</summary>
    public Dictionary<string, string> DroppedQueryParameters { get; init; } = [];

    /// <summary>Area for a spec tag (default: the tag in PascalCase).</summary>
    public Dictionary<string, string> AreaByTag { get; init; } = [];

    /// <summary>The catch-all tag whose operations are split by route.</summary>
    public string SplitTag { get; init; } = "Enterprise";

    /// <summary>Route prefixes (first match wins) that place operations of <see cref="SplitTag"/> in an area.</summary>
    public List<RouteRule> SplitRoutes { get; init; } = [];

    /// <summary>Words that repeat the area in derived method names and are dropped (<c>workspace</c> in Workspaces).</summary>
    public Dictionary<string, List<string>> AreaNouns { get; init; } = [];

    /// <summary>Route suffixes whose operations are streams, left out with the reason.</summary>
    public Dictionary<string, string> ExcludedRouteSuffixes { get; init; } = [];

    /// <summary>Per operation (<c>METHOD /route</c>).</summary>
    public Dictionary<string, OperationOverride> Operations { get; init; } = [];

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static Overrides Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Overrides>(json, Options) ?? new Overrides();
        }
        catch (JsonException ex)
        {
            throw new GeneratorException($"The overrides file is not valid: {ex.Message}");
        }
    }
}

/// <summary>Fixes for one model property.</summary>
internal sealed class PropertyOverride
{
    /// <summary><c>base64</c> (Go <c>[]byte</c>), <c>json</c> (raw JSON), or a spec type name.</summary>
    public string? Type { get; init; }

    /// <summary>The wire unit of a duration without a unit suffix: <c>ns</c>, <c>us</c>, <c>ms</c> or <c>s</c>.</summary>
    public string? Duration { get; init; }

    public bool? Secret { get; init; }
}

/// <summary>Fixes for one parameter.</summary>
internal sealed class ParameterOverride
{
    public string? Name { get; init; }

    /// <summary><c>uuid</c>, <c>string</c>, <c>integer</c>, <c>uuid-list</c>, <c>string-list</c>, <c>json-map</c> or <c>enum:definition</c>.</summary>
    public string? Type { get; init; }

    public bool? Required { get; init; }

    /// <summary>The server only checks whether the key is present: send <c>?name</c> for true and nothing for false.</summary>
    public bool? Flag { get; init; }

    /// <summary>A fact the docs add about the values the server accepts (<c>a user ID, a username, or me</c>).</summary>
    public string? Note { get; init; }
}

/// <summary>Fixes and names for one operation.</summary>
internal sealed class OperationOverride
{
    public string? Area { get; init; }

    /// <summary>The method name without <c>Async</c>.</summary>
    public string? Name { get; init; }

    /// <summary>Success statuses real coderd sends besides the documented one.</summary>
    public List<int> ExtraStatuses { get; init; } = [];

    /// <summary><c>none</c>, <c>bytes</c>, <c>text</c>, <c>redirect</c>, <c>json:any</c>, <c>json:definition</c> or <c>json:definition[]</c>.</summary>
    public string? Response { get; init; }

    /// <summary>Why the operation is left out of the SDK.</summary>
    public string? Exclude { get; init; }

    /// <summary>Query parameters left out of this method, with the reason.</summary>
    public Dictionary<string, string> Drop { get; init; } = [];

    public Dictionary<string, ParameterOverride> Parameters { get; init; } = [];

    /// <summary>Wire names of parameters in the order the method takes them (the rest follow).</summary>
    public List<string> ParameterOrder { get; init; } = [];

    /// <summary><c>raw</c>: the request body is a stream with its content type.</summary>
    public string? Body { get; init; }

    /// <summary>A JSON request body the spec does not document: the definition it is (for example one of <see cref="Overrides.ExtraDefinitions"/>).</summary>
    public string? RequestBody { get; init; }
}

/// <summary>Places operations whose route starts with <see cref="Prefix"/> in <see cref="Area"/>.</summary>
internal sealed class RouteRule
{
    public string Prefix { get; init; } = string.Empty;

    public string Area { get; init; } = string.Empty;
}
