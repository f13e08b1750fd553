using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Finds fields an SDK model did not map: entries its extension data caught. Prism sends only what the spec declares,
/// so each such entry is a spec property the model lacks (or names differently).
/// </summary>
internal static class ModelInspector
{
    private const int MaxDepth = 16;

    public static IReadOnlyList<string> UnmappedFields(object? root)
    {
        var found = new List<string>();
        Walk(root, "$", found, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        return found;
    }

    private static void Walk(object? value, string path, List<string> found, HashSet<object> seen, int depth)
    {
        if (value is null || depth > MaxDepth || value is string || value.GetType().IsValueType || !seen.Add(value))
        {
            return;
        }

        if (value is IDictionary map)
        {
            foreach (DictionaryEntry entry in map)
            {
                Walk(entry.Value, $"{path}.{entry.Key}", found, seen, depth + 1);
            }

            return;
        }

        if (value is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{index++}]", found, seen, depth + 1);
            }

            return;
        }

        if (value.GetType().Assembly != typeof(ICoderClient).Assembly)
        {
            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var propertyValue = property.GetValue(value);
            if (property.IsDefined(typeof(JsonExtensionDataAttribute), inherit: true))
            {
                found.AddRange(Keys(propertyValue).Select(key => $"{path}.{key}"));
                continue;
            }

            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            Walk(propertyValue, $"{path}.{name}", found, seen, depth + 1);
        }
    }

    private static IEnumerable<string> Keys(object? extensionData) => extensionData switch
    {
        JsonObject node => node.Select(p => p.Key),
        IDictionary map => map.Keys.Cast<object>().Select(k => k.ToString()!),
        _ => [],
    };
}
