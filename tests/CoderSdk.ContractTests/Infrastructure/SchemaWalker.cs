using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>Walks a JSON value alongside the schema that describes it.</summary>
internal static class SchemaWalker
{
    /// <summary>
    /// Calls <paramref name="visit"/> for every value that has a schema, outermost first. When the visitor returns
    /// another node, that node replaces the value and the walk does not descend into it.
    /// </summary>
    /// <returns>The root, or its replacement.</returns>
    public static JsonNode? Walk(SwaggerDocument spec, JsonNode? node, JsonElement schema, string path, Func<JsonNode?, SchemaView, string, JsonNode?> visit)
    {
        var view = spec.View(schema);
        var replaced = visit(node, view, path);
        if (!ReferenceEquals(replaced, node))
        {
            return replaced;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    var childSchema = view.Properties.TryGetValue(name, out var property) ? property : view.AdditionalProperties;
                    if (childSchema is { } known)
                    {
                        var next = Walk(spec, child, known, $"{path}.{name}", visit);
                        if (!ReferenceEquals(next, child))
                        {
                            obj[name] = next;
                        }
                    }
                }

                break;
            case JsonArray array when view.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    var next = Walk(spec, child, items, $"{path}[{i}]", visit);
                    if (!ReferenceEquals(next, child))
                    {
                        array[i] = next;
                    }
                }

                break;
        }

        return node;
    }

    /// <summary>Properties present in <paramref name="node"/> that its schema does not declare (objects that are not maps).</summary>
    public static IReadOnlyList<string> UndeclaredProperties(SwaggerDocument spec, JsonNode? node, JsonElement schema)
    {
        var found = new List<string>();
        Walk(spec, node, schema, "$", (value, view, path) =>
        {
            if (value is JsonObject obj && view.Properties.Count > 0 && view.AdditionalProperties is null)
            {
                found.AddRange(obj.Select(p => p.Key).Where(key => !view.Properties.ContainsKey(key)).Select(key => $"{path}.{key}"));
            }

            return value;
        });
        return found;
    }

    /// <summary>Paths of the properties in <paramref name="node"/> that its schema declares (map entries excluded).</summary>
    public static IReadOnlySet<string> DeclaredProperties(SwaggerDocument spec, JsonNode? node, JsonElement schema)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Walk(spec, node, schema, "$", (value, view, path) =>
        {
            if (value is JsonObject obj)
            {
                found.UnionWith(obj.Select(p => p.Key).Where(view.Properties.ContainsKey).Select(key => $"{path}.{key}"));
            }

            return value;
        });
        return found;
    }
}
