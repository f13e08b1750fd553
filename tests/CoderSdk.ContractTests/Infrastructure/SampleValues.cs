using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Builds spec-valid JSON sample values from schemas: every required property, the optional ones near the top (or none
/// with <paramref name="requiredOnly"/>), the first value of each enum, and fixed values per format so a failure repeats.
/// </summary>
/// <param name="spec">The pinned spec.</param>
/// <param name="requiredOnly">Leave out every optional property, so the SDK must omit (not null out) what is unset.</param>
internal sealed class SampleValues(SwaggerDocument spec, bool requiredOnly = false)
{
    /// <summary>True when optional properties and parameters are left out.</summary>
    public bool RequiredOnly => requiredOnly;

    /// <summary>The UUID every id parameter and uuid-formatted field carries.</summary>
    public static readonly Guid SampleId = Guid.Parse("c0de5d4e-0000-4000-8000-00000000c0de");

    public const string SampleDateTime = "2024-05-06T07:08:09Z";

    /// <summary>Optional properties are filled down to this depth; deeper, only the required ones.</summary>
    private const int OptionalDepth = 4;

    private const int MaxDepth = 12;

    /// <summary>A sample for a schema, or null when the value should be left out (an optional <c>uuid.NullUUID</c>).</summary>
    public JsonNode? ForSchema(JsonElement schema) => ForSchema(schema, 0, [], name: null);

    /// <summary>A sample for a non-body parameter (its type, format, enum and items sit on the parameter itself).</summary>
    public JsonNode? ForParameter(JsonElement parameter, IReadOnlyList<string> consumes)
    {
        var name = SpecOperation.Name(parameter);
        var location = SpecOperation.In(parameter);
        var format = parameter.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (location == "path" && name == "user" && format != "uuid")
        {
            return JsonValue.Create("me");
        }

        if (location == "header" && name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && consumes.Count > 0)
        {
            return JsonValue.Create(consumes[0]);
        }

        if (format == "key=value")
        {
            return JsonValue.Create("env=contract");
        }

        if (format == "number")
        {
            return JsonValue.Create("1");
        }

        return ForSchema(parameter, 0, [], name);
    }

    private JsonNode? ForSchema(JsonElement schema, int depth, HashSet<string> stack, string? name)
    {
        var view = spec.View(schema);
        if (view.IsNullUuid)
        {
            // Spec defect: documented as an object, sent by coderd as a UUID string or null.
            return null;
        }

        if (view.Enum.Count > 0)
        {
            var chosen = view.Enum.FirstOrDefault(e => e.ValueKind != JsonValueKind.String || e.GetString()!.Length > 0, view.Enum[0]);
            return JsonNode.Parse(chosen.GetRawText());
        }

        switch (view.Type)
        {
            case "string":
                return JsonValue.Create(StringSample(view, name));
            case "integer":
            case "number":
                return JsonValue.Create(NumberSample(view.Raw));
            case "boolean":
                return JsonValue.Create(true);
            case "array":
                var array = new JsonArray();
                if (view.Items is { } items && depth < MaxDepth && ForSchema(items, depth + 1, stack, name) is { } item)
                {
                    array.Add(item);
                }

                return array;
            case "file":
                return JsonValue.Create("contract-file");
        }

        if (view.Type is null && view.Format == "uuid")
        {
            return JsonValue.Create(SampleId);
        }

        return ObjectSample(view, depth, stack);
    }

    private JsonObject ObjectSample(SchemaView view, int depth, HashSet<string> stack)
    {
        var result = new JsonObject();
        var entered = view.DefinitionName is { } name && stack.Add(name);
        try
        {
            foreach (var (propertyName, propertySchema) in view.Properties)
            {
                var required = view.Required.Contains(propertyName);
                var recursive = spec.View(propertySchema).DefinitionName is { } target && stack.Contains(target);
                if (!required && (requiredOnly || depth >= OptionalDepth || recursive))
                {
                    continue;
                }

                if (depth < MaxDepth && ForSchema(propertySchema, depth + 1, stack, propertyName) is { } value)
                {
                    result[propertyName] = value;
                }
            }

            if (view.AdditionalProperties is { } values && depth < MaxDepth && ForSchema(values, depth + 1, stack, name: null) is { } entry)
            {
                result["key"] = entry;
            }
        }
        finally
        {
            if (entered)
            {
                stack.Remove(view.DefinitionName!);
            }
        }

        return result;
    }

    /// <summary>
    /// A plain string named like an id gets the sample UUID: still a valid string for the spec, and readable by an SDK
    /// that types the field as <see cref="Guid"/>.
    /// </summary>
    private static bool IsIdName(string? name) =>
        name is not null && (name is "id" or "ids" || name.EndsWith("_id", StringComparison.Ordinal) || name.EndsWith("_ids", StringComparison.Ordinal) ||
                             name.EndsWith("ID", StringComparison.Ordinal) || name.EndsWith("Id", StringComparison.Ordinal));

    private static string StringSample(SchemaView view, string? name)
    {
        var sample = view.Format switch
        {
            null when IsIdName(name) => SampleId.ToString("D"),
            "uuid" => SampleId.ToString("D"),
            "date-time" => SampleDateTime,
            "date" => "2024-05-06",
            "email" => "contract@example.com",
            "uri" or "url" => "https://coder.example.com/contract",
            "byte" => "AQID",
            "ipv4" => "192.0.2.1",
            _ => "contract",
        };
        if (view.Raw.TryGetProperty("minLength", out var min) && sample.Length < min.GetInt32())
        {
            sample = sample.PadRight(min.GetInt32(), 'x');
        }

        if (view.Raw.TryGetProperty("maxLength", out var max) && sample.Length > max.GetInt32())
        {
            sample = sample[..max.GetInt32()];
        }

        return sample;
    }

    private static long NumberSample(JsonElement schema)
    {
        long value = 1;
        if (schema.TryGetProperty("minimum", out var min) && min.GetDouble() > value)
        {
            value = (long)Math.Ceiling(min.GetDouble());
        }

        if (schema.TryGetProperty("maximum", out var max) && max.GetDouble() < value)
        {
            value = (long)Math.Floor(max.GetDouble());
        }

        return value;
    }
}
