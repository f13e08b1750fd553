namespace CoderSdk.Generator.Model;

/// <summary>A C# type the generated code uses, with the plain-language fact the docs say about it.</summary>
internal abstract record CsType
{
    public abstract bool IsValueType { get; }

    /// <summary>The C# spelling, without nullability.</summary>
    public abstract string Render();

    /// <summary>A unique, identifier-safe key used to name its JSON metadata (<c>WorkspaceList</c>).</summary>
    public abstract string Key { get; }

    /// <summary>True for lists and maps.</summary>
    public virtual bool IsCollection => false;

    public string Render(bool nullable) => nullable ? Render() + "?" : Render();
}

/// <summary>A framework type: <c>string</c>, <c>long</c>, <c>Guid</c>, <c>JsonElement</c>, <c>byte[]</c>, ...</summary>
internal sealed record PrimitiveType(string Name, string KeyName, bool ValueType, string Fact) : CsType
{
    public static PrimitiveType String { get; } = new("string", "String", false, "text");

    public static PrimitiveType Long { get; } = new("long", "Int64", true, "a whole number");

    public static PrimitiveType Double { get; } = new("double", "Double", true, "a number");

    public static PrimitiveType Bool { get; } = new("bool", "Boolean", true, "true or false");

    public static PrimitiveType Guid { get; } = new("Guid", "Guid", true, "a UUID");

    /// <summary>The SDK's <c>CoderOrganization</c>: an organization ID, an organization name, or <c>default</c>.</summary>
    public static PrimitiveType Organization { get; } = new("CoderOrganization", "CoderOrganization", true, "an organization ID, an organization name, or default");

    public static PrimitiveType DateTime { get; } = new("DateTimeOffset", "DateTimeOffset", true, "a date and time (RFC 3339)");

    public static PrimitiveType Json { get; } = new("JsonElement", "JsonElement", true, "any JSON value, kept as it arrived");

    public static PrimitiveType Bytes { get; } = new("byte[]", "ByteArray", false, "bytes, base64-encoded on the wire");

    public static PrimitiveType Stream { get; } = new("Stream", "Stream", false, "a stream of bytes");

    public static PrimitiveType Uri { get; } = new("Uri", "Uri", false, "an address");

    public override bool IsValueType => ValueType;

    public override string Key => KeyName;

    public override string Render() => Name;
}

/// <summary>A generated model or enumeration.</summary>
internal sealed record NamedType(TypeModel Model) : CsType
{
    public override bool IsValueType => Model.IsEnum;

    public override string Key => Model.Name;

    public override string Render() => Model.Name;
}

/// <summary><c>IReadOnlyList&lt;T&gt;</c>.</summary>
internal sealed record ListType(CsType Element) : CsType
{
    public override bool IsValueType => false;

    public override bool IsCollection => true;

    public override string Key => Element.Key + "List";

    public override string Render() => $"IReadOnlyList<{Element.Render()}>";
}

/// <summary><c>IReadOnlyDictionary&lt;string, T&gt;</c>.</summary>
internal sealed record MapType(CsType Value) : CsType
{
    public override bool IsValueType => false;

    public override bool IsCollection => true;

    public override string Key => Value.Key + "Map";

    public override string Render() => $"IReadOnlyDictionary<string, {Value.Render()}>";
}
