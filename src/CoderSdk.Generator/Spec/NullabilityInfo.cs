using System.Text.Json;

namespace CoderSdk.Generator.Spec;

/// <summary>
/// Which properties real payloads may leave out or send as <c>null</c>, per definition (<c>nullability.json</c>).
/// A definition that is not listed has no information: every one of its properties counts as possibly absent.
/// </summary>
internal sealed class NullabilityInfo
{
    private readonly Dictionary<string, HashSet<string>> _mayBeMissing;

    private NullabilityInfo(Dictionary<string, HashSet<string>> mayBeMissing) => _mayBeMissing = mayBeMissing;

    /// <summary>No information at all: everything is nullable.</summary>
    public static NullabilityInfo Empty { get; } = new([]);

    public static NullabilityInfo Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (document.RootElement.TryGetProperty("definitions", out var definitions))
        {
            foreach (var definition in definitions.EnumerateObject())
            {
                var set = new HashSet<string>(StringComparer.Ordinal);
                foreach (var list in definition.Value.EnumerateObject())
                {
                    // optional, nullable and unknown all mean the value may not be there.
                    foreach (var name in list.Value.EnumerateArray())
                    {
                        set.Add(name.GetString()!);
                    }
                }

                result[definition.Name] = set;
            }
        }

        return new NullabilityInfo(result);
    }

    /// <summary>Describes definitions the overrides add: everything but their required properties may be missing.</summary>
    public NullabilityInfo With(IEnumerable<KeyValuePair<string, SpecSchema>> definitions)
    {
        var result = new Dictionary<string, HashSet<string>>(_mayBeMissing, StringComparer.Ordinal);
        foreach (var (name, schema) in definitions)
        {
            result[name] = schema.Properties.Select(p => p.Key).Where(p => !schema.Required.Contains(p)).ToHashSet(StringComparer.Ordinal);
        }

        return new NullabilityInfo(result);
    }

    /// <summary>True when the definition is described at all.</summary>
    public bool Knows(string definition) => _mayBeMissing.ContainsKey(definition);

    /// <summary>True when the property may be absent or <c>null</c> (always true for definitions without information).</summary>
    public bool MayBeMissing(string definition, string property) =>
        !_mayBeMissing.TryGetValue(definition, out var set) || set.Contains(property);
}
