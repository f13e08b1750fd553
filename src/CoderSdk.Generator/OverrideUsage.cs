namespace CoderSdk.Generator;

/// <summary>
/// Hands out override entries and remembers which were used, so entries that no longer match the spec (a renamed
/// route, a removed definition) are reported instead of silently ignored.
/// </summary>
internal sealed class OverrideUsage(Overrides overrides)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public Overrides Overrides { get; } = overrides;

    public string? TypeName(string key) => Take(Overrides.TypeNames, "typeNames", key);

    public PropertyOverride? Property(string key) => Take(Overrides.Properties, "properties", key);

    public ParameterOverride? PathParameter(string name) => Take(Overrides.PathParameters, "pathParameters", name);

    public OperationOverride? Operation(string key) => Take(Overrides.Operations, "operations", key);

    public string? SuffixReason(string path)
    {
        foreach (var (suffix, reason) in Overrides.ExcludedRouteSuffixes)
        {
            if (path.EndsWith(suffix, StringComparison.Ordinal))
            {
                _used.Add("excludedRouteSuffixes:" + suffix);
                return reason;
            }
        }

        return null;
    }

    /// <summary>Override entries nothing asked for.</summary>
    public IEnumerable<string> Unused()
    {
        var all = Overrides.TypeNames.Keys.Select(k => "typeNames:" + k)
            .Concat(Overrides.Properties.Keys.Select(k => "properties:" + k))
            .Concat(Overrides.PathParameters.Keys.Select(k => "pathParameters:" + k))
            .Concat(Overrides.Operations.Keys.Select(k => "operations:" + k))
            .Concat(Overrides.ExcludedRouteSuffixes.Keys.Select(k => "excludedRouteSuffixes:" + k));
        return all.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal);
    }

    private T? Take<T>(Dictionary<string, T> map, string section, string key) where T : class
    {
        if (map.TryGetValue(key, out var value))
        {
            _used.Add(section + ":" + key);
            return value;
        }

        return null;
    }
}
