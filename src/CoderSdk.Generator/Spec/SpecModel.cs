namespace CoderSdk.Generator.Spec;

/// <summary>The parts of an OpenAPI 2.0 (Swagger) document the generator uses, read without loss of the 2.0 details.</summary>
internal sealed record SpecDocument(
    IReadOnlyList<SpecOperation> Operations,
    IReadOnlyDictionary<string, SpecSchema> Definitions)
{
    /// <summary>Definitions the overrides add because the spec lacks them (not counted as spec definitions).</summary>
    public IReadOnlySet<string> AddedDefinitions { get; init; } = new HashSet<string>(StringComparer.Ordinal);
}

/// <summary>One operation: an HTTP method on a path.</summary>
internal sealed record SpecOperation(
    string Method,
    string Path,
    string OperationId,
    string Tag,
    bool Deprecated,
    IReadOnlyList<SpecParameter> Parameters,
    IReadOnlyList<SpecResponse> Responses,
    IReadOnlyList<string> Produces,
    IReadOnlyList<string> Consumes,
    string? Security = null)
{
    /// <summary>The key overrides use: <c>GET /api/v2/workspaces</c>.</summary>
    public string Key => $"{Method} {Path}";
}

/// <summary>A parameter in the path, query, header, body or form.</summary>
internal sealed record SpecParameter(
    string Name,
    string In,
    bool Required,
    SpecSchema Schema,
    string? CollectionFormat);

/// <summary>A documented response status and its body schema, if any.</summary>
internal sealed record SpecResponse(int Status, SpecSchema? Schema);

/// <summary>A schema: a definition, a property, an item type or a parameter's type.</summary>
internal sealed class SpecSchema
{
    /// <summary>The referenced definition name (without <c>#/definitions/</c>), directly or through a one-element <c>allOf</c>.</summary>
    public string? Ref { get; init; }

    public string? Type { get; init; }

    public string? Format { get; init; }

    /// <summary>Properties in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, SpecSchema>> Properties { get; init; } = [];

    public bool HasProperties { get; init; }

    public IReadOnlySet<string> Required { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public SpecSchema? Items { get; init; }

    /// <summary>The map value schema for <c>additionalProperties</c>; <see cref="AnyValue"/> when it is <c>true</c> or <c>{}</c>.</summary>
    public SpecSchema? AdditionalProperties { get; init; }

    /// <summary>Enumerated values as their JSON text (strings unquoted).</summary>
    public IReadOnlyList<string> Enum { get; init; } = [];

    public bool EnumIsInteger { get; init; }

    public IReadOnlyList<string> EnumVarNames { get; init; } = [];

    /// <summary>
    /// Why the generator cannot model this schema (an <c>allOf</c> with several members, a reference outside
    /// <c>#/definitions/</c>), or <c>null</c>. Such a schema is typed as raw JSON, with a warning naming where it occurs.
    /// </summary>
    public string? Unsupported { get; init; }

    /// <summary>An empty schema (<c>{}</c>, <c>true</c>): any JSON value.</summary>
    public static SpecSchema AnyValue { get; } = new();

    public bool IsEmpty => Ref is null && Unsupported is null && Type is null && !HasProperties && Items is null && AdditionalProperties is null;
}
