using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Rewrites Prism's spec-shaped answers where the spec documents something other than what coderd sends, so the SDK
/// meets coderd's wire format. Each rewrite is a documented spec defect and is reported with the exchange.
/// </summary>
internal static class WireAdaptations
{
    private const int MaxDepth = 32;

    /// <summary>
    /// <c>uuid.NullUUID</c> is documented as a <c>{"uuid","valid"}</c> object; coderd sends a UUID string or null.
    /// Guided by the response schema.
    /// </summary>
    public static (JsonNode? Root, IReadOnlyList<string> Paths) NullUuids(SwaggerDocument spec, JsonNode? node, System.Text.Json.JsonElement schema)
    {
        var paths = new List<string>();
        var root = SchemaWalker.Walk(spec, node, schema, "$", (value, view, path) =>
        {
            if (!view.IsNullUuid || value is not JsonObject obj)
            {
                return value;
            }

            paths.Add(path);
            var valid = obj["valid"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
            if (!valid)
            {
                return null;
            }

            var id = obj["uuid"] is JsonValue u && u.TryGetValue<string>(out var s) && Guid.TryParse(s, out var parsed) ? parsed : SampleValues.SampleId;
            return JsonValue.Create(id.ToString("D"));
        });
        return (root, paths);
    }

    /// <summary>
    /// Go <c>[]byte</c> fields are documented as arrays of integers; coderd sends them base64-encoded. Guided by the
    /// SDK's own model: only where it holds a <c>byte[]</c> (the spec uses the same shape for raw JSON fields).
    /// </summary>
    public static (JsonNode? Root, IReadOnlyList<string> Paths) ByteArrays(JsonNode? node, Type type)
    {
        var paths = new List<string>();
        var root = Bytes(node, type, "$", paths, 0);
        return (root, paths);
    }

    private static JsonNode? Bytes(JsonNode? node, Type type, string path, List<string> paths, int depth)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is null || depth > MaxDepth)
        {
            return node;
        }

        if (type == typeof(byte[]))
        {
            if (node is not JsonArray numbers || !numbers.All(n => n is JsonValue v && v.TryGetValue<double>(out _)))
            {
                return node;
            }

            paths.Add(path);
            return JsonValue.Create(Convert.ToBase64String(numbers.Select(n => (byte)((long)n!.GetValue<double>() & 0xFF)).ToArray()));
        }

        switch (node)
        {
            case JsonObject obj when DictionaryValueType(type) is { } valueType:
                foreach (var (key, child) in obj.ToList())
                {
                    Replace(obj, key, child, Bytes(child, valueType, $"{path}.{key}", paths, depth + 1));
                }

                break;
            case JsonObject obj when type.Assembly == typeof(ICoderClient).Assembly:
                foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
                    if (obj.TryGetPropertyValue(name, out var child))
                    {
                        Replace(obj, name, child, Bytes(child, property.PropertyType, $"{path}.{name}", paths, depth + 1));
                    }
                }

                break;
            case JsonArray array when ElementType(type) is { } elementType:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var next = Bytes(child, elementType, $"{path}[{i}]", paths, depth + 1);
                    if (!ReferenceEquals(next, child))
                    {
                        array[i] = next;
                    }
                }

                break;
        }

        return node;
    }

    /// <summary>The element type of a collection the SDK reads from a JSON array, if <paramref name="type"/> is one.</summary>
    public static Type? ElementType(Type type) =>
        type == typeof(string) || type == typeof(byte[]) || !typeof(IEnumerable).IsAssignableFrom(type) || DictionaryValueType(type) is not null
            ? null
            : new[] { type }.Concat(type.GetInterfaces())
                .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IEnumerable<>))
                .Select(t => t.GetGenericArguments()[0])
                .FirstOrDefault();

    private static Type? DictionaryValueType(Type type) =>
        new[] { type }.Concat(type.GetInterfaces())
            .Where(t => t.IsGenericType && (t.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) || t.GetGenericTypeDefinition() == typeof(IDictionary<,>)))
            .Select(t => t.GetGenericArguments()[1])
            .FirstOrDefault();

    private static void Replace(JsonObject obj, string key, JsonNode? before, JsonNode? after)
    {
        if (!ReferenceEquals(before, after))
        {
            obj[key] = after;
        }
    }
}
