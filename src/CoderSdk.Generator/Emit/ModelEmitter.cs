using CoderSdk.Generator.Docs;
using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Emit;

/// <summary>Writes one file per model: a sealed partial record with init-only properties, or an extensible enumeration.</summary>
internal static class ModelEmitter
{
    public const string Namespace = "CoderSdk.Models";

    public static string Emit(TypeModel type, Func<TypeModel, bool> canConstruct) =>
        type.IsEnum ? EmitEnum(type) : EmitRecord(type, canConstruct);

    private static string EmitRecord(TypeModel type, Func<TypeModel, bool> canConstruct)
    {
        var usings = new List<string> { "System.Text.Json", "System.Text.Json.Serialization" };
        if (type.HasSecrets)
        {
            usings.Add("System.Text");
        }

        var writer = CodeWriter.CSharp(Namespace, [.. usings]);
        writer.Lines(DocComposer.ModelDocs(type));
        using (writer.Block($"public sealed partial record {type.Name}"))
        {
            foreach (var property in type.Properties)
            {
                WriteProperty(writer, type, property, canConstruct);
            }

            // The setter is internal, not init: System.Text.Json fills init-only properties through a constructor call,
            // and extension data cannot be a constructor argument.
            writer.Line("/// <summary>JSON properties this SDK version does not model, kept so the object writes back without loss.</summary>");
            writer.Line("[JsonExtensionData]");
            writer.Line("[JsonInclude]");
            writer.Line("public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }");
            writer.Line();
            if (type.HasSecrets)
            {
                WritePrintMembers(writer, type);
            }
        }

        return writer.ToString();
    }

    private static void WriteProperty(CodeWriter writer, TypeModel owner, PropertyModel property, Func<TypeModel, bool> canConstruct)
    {
        // The TimeSpan view comes before the JSON property it converts. The .NET 8 System.Text.Json source generator
        // builds an init-only record with one object initializer that assigns every init-only property, the
        // [JsonIgnore] view included (with its default), in declaration order; declared after the raw property, the
        // view's default would overwrite the value just read (every duration read as 0 on net8.0). Declared first, the
        // raw value is assigned last. The net8.0 test run proves it (ModelRoundTripTests' duration tests).
        if (property.Duration is { } view)
        {
            WriteDurationView(writer, property, view);
        }

        writer.Lines(DocComposer.PropertyDocs(property, owner.IsRequest));
        writer.Line($"[JsonPropertyName(\"{Literal(property.JsonName)}\")]");
        var required = property.Required ? "required " : string.Empty;
        var typeText = property.Type.Render(property.Nullable);
        if (!property.Nullable && EmptyValue(property.Type) is { } empty)
        {
            // Go sends nil slices and maps as null, and a server of another version may leave a field out (which the
            // deserializer turns into null for init-only properties): keep a nullable field and read null as empty.
            var field = "_" + char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
            writer.Line($"public {required}{typeText} {property.Name} {{ get => {field} ?? {empty}; init => {field} = value; }}");
            writer.Line();
            writer.Line($"private readonly {property.Type.Render(nullable: true)} {field};");
        }
        else
        {
            writer.Line($"public {required}{typeText} {property.Name} {{ get; init; }}{Initializer(property, canConstruct)}");
        }

        writer.Line();
    }

    /// <summary>What a non-null text, bytes or collection property reads as when its field is null.</summary>
    private static string? EmptyValue(CsType type) => type switch
    {
        MapType map => $"global::System.Collections.ObjectModel.ReadOnlyDictionary<string, {map.Value.Render()}>.Empty",
        ListType => "[]",
        _ when type == PrimitiveType.Bytes => "[]",
        _ when type == PrimitiveType.String => "string.Empty",
        _ => null,
    };

    private static string Initializer(PropertyModel property, Func<TypeModel, bool> canConstruct)
    {
        if (property.Required || property.Nullable)
        {
            return string.Empty;
        }

        return property.Type switch
        {
            NamedType { Model.IsEnum: false } named when canConstruct(named.Model) => " = new();",
            NamedType { Model.IsEnum: false } => " = null!;",
            _ => string.Empty,
        };
    }

    private static void WriteDurationView(CodeWriter writer, PropertyModel property, DurationView view)
    {
        var wire = property.Name;
        var isDouble = property.Type == PrimitiveType.Double;
        var (read, write) = (view.Unit, isDouble) switch
        {
            (DurationUnit.Milliseconds, true) => ("TimeSpan.FromMilliseconds({0})", "{0}.TotalMilliseconds"),
            (DurationUnit.Seconds, true) => ("TimeSpan.FromSeconds({0})", "{0}.TotalSeconds"),
            (DurationUnit.Nanoseconds, true) => ("TimeSpan.FromTicks((long)({0} / 100))", "{0}.Ticks * 100d"),
            (DurationUnit.Microseconds, true) => ("TimeSpan.FromTicks((long)({0} * 10))", "{0}.Ticks / 10d"),
            (DurationUnit.Milliseconds, false) => ("TimeSpan.FromTicks(checked({0} * TimeSpan.TicksPerMillisecond))", "{0}.Ticks / TimeSpan.TicksPerMillisecond"),
            (DurationUnit.Seconds, false) => ("TimeSpan.FromTicks(checked({0} * TimeSpan.TicksPerSecond))", "{0}.Ticks / TimeSpan.TicksPerSecond"),
            (DurationUnit.Nanoseconds, false) => ("TimeSpan.FromTicks({0} / 100)", "checked({0}.Ticks * 100)"),
            (DurationUnit.Microseconds, false) => ("TimeSpan.FromTicks(checked({0} * 10))", "{0}.Ticks / 10"),
            _ => throw new GeneratorException($"No conversion for {view.Unit}."),
        };

        writer.Lines(DocComposer.DurationDocs(property, view));
        writer.Line("[JsonIgnore]");
        if (property.Nullable)
        {
            using (writer.Block($"public TimeSpan? {view.Name}"))
            {
                writer.Line($"get => {wire} is {{ }} value ? {string.Format(System.Globalization.CultureInfo.InvariantCulture, read, "value")} : null;");
                writer.Line($"init => {wire} = value is {{ }} span ? {string.Format(System.Globalization.CultureInfo.InvariantCulture, write, "span")} : null;");
            }
        }
        else
        {
            using (writer.Block($"public TimeSpan {view.Name}"))
            {
                writer.Line($"get => {string.Format(System.Globalization.CultureInfo.InvariantCulture, read, wire)};");
                writer.Line($"init => {wire} = {string.Format(System.Globalization.CultureInfo.InvariantCulture, write, "value")};");
            }
        }

        writer.Line();
    }

    private static void WritePrintMembers(CodeWriter writer, TypeModel type)
    {
        writer.Line("/// <summary>Prints every property like the compiler would, with secret values masked.</summary>");
        writer.Line("/// <param name=\"builder\">Receives the members.</param>");
        writer.Line("/// <returns>True: members were printed.</returns>");
        using (writer.Block("private bool PrintMembers(StringBuilder builder)"))
        {
            var separator = string.Empty;
            foreach (var property in type.Properties)
            {
                writer.Line(property.Secret
                    ? $"builder.Append(\"{separator}{property.Name} = ****\");"
                    : $"builder.Append(\"{separator}{property.Name} = \").Append((object?){property.Name});");
                separator = ", ";
                if (property.Duration is { } view)
                {
                    writer.Line($"builder.Append(\", {view.Name} = \").Append((object?){view.Name});");
                }
            }

            writer.Line($"builder.Append(\"{separator}AdditionalProperties = \").Append((object?)AdditionalProperties);");
            writer.Line("return true;");
        }
    }

    private static string EmitEnum(TypeModel type)
    {
        var writer = CodeWriter.CSharp(Namespace, "System.Text.Json.Serialization");
        writer.Lines(DocComposer.EnumDocs(type));
        writer.Line($"[JsonConverter(typeof(CoderEnumJsonConverter<{type.Name}>))]");
        using (writer.Block($"public readonly partial record struct {type.Name}(string Value) : ICoderEnum<{type.Name}>"))
        {
            writer.Line("private readonly string? _value = Value;");
            writer.Line();
            writer.Line("/// <summary>The value exactly as it appears on the wire; empty for <see langword=\"default\"/>.</summary>");
            writer.Line("public string Value { get => _value ?? string.Empty; init => _value = value; }");
            writer.Line();
            foreach (var member in type.Members)
            {
                writer.Line($"/// <summary>The wire value {DocComposer.Code(member.Value)}.</summary>");
                writer.Line($"public static {type.Name} {member.Name} {{ get; }} = new(\"{Literal(member.Value)}\");");
                writer.Line();
            }

            writer.Line("/// <inheritdoc />");
            writer.Line("public bool IsKnown => KnownValues.Contains(Value);");
            writer.Line();
            writer.Line("private static readonly HashSet<string> KnownValues = new(StringComparer.Ordinal)");
            writer.Line("{");
            using (writer.Indent())
            {
                writer.Lines(type.Members.Select(m => $"\"{Literal(m.Value)}\","));
            }

            writer.Line("};");
            writer.Line();
            writer.Line("/// <inheritdoc />");
            writer.Line($"public static {type.Name} FromValue(string value) => new(value);");
            writer.Line();
            writer.Line("/// <summary>Compares the wire values, ordinally (a <see langword=\"default\"/> value equals the empty one).</summary>");
            writer.Line("/// <param name=\"other\">The value to compare with.</param>");
            writer.Line("/// <returns>True when both carry the same wire value.</returns>");
            writer.Line($"public bool Equals({type.Name} other) => string.Equals(Value, other.Value, StringComparison.Ordinal);");
            writer.Line();
            writer.Line("/// <summary>A hash of the wire value.</summary>");
            writer.Line("/// <returns>The hash code.</returns>");
            writer.Line("public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);");
            writer.Line();
            writer.Line("/// <summary>The wire value.</summary>");
            writer.Line("/// <returns>The wire value.</returns>");
            writer.Line("public override string ToString() => Value;");
        }

        return writer.ToString();
    }

    /// <summary>Escapes text for a C# string literal.</summary>
    public static string Literal(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
