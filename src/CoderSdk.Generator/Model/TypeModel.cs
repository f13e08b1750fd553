namespace CoderSdk.Generator.Model;

/// <summary>A generated type: a record for an object definition, or an extensible enumeration for a string enum.</summary>
internal sealed class TypeModel
{
    /// <summary>The definition name (<c>codersdk.Workspace</c>), or <c>definition.property</c> for an inline object.</summary>
    public required string SpecName { get; init; }

    public required string Name { get; set; }

    public bool IsEnum { get; init; }

    /// <summary>The first coderd release with the definition, when the oldest supported one lacks it.</summary>
    public string? Since { get; set; }

    /// <summary>Request models mark the spec's required properties <c>required</c>.</summary>
    public bool IsRequest { get; set; }

    public List<PropertyModel> Properties { get; } = [];

    public List<EnumMember> Members { get; } = [];

    /// <summary>Operations that send this type as their body, or answer with it (directly or inside a list/map).</summary>
    public SortedSet<string> SentBy { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> ReturnedBy { get; } = new(StringComparer.Ordinal);

    public bool HasRequiredMembers => Properties.Exists(p => p.Required);

    public bool HasSecrets => Properties.Exists(p => p.Secret);
}

/// <summary>One property of a record.</summary>
internal sealed class PropertyModel
{
    public required string JsonName { get; init; }

    public required string Name { get; set; }

    public required CsType Type { get; init; }

    /// <summary>Whether the C# type is nullable (the value may be absent or <c>null</c>).</summary>
    public bool Nullable { get; init; }

    /// <summary>Marked <c>required</c> (request models only).</summary>
    public bool Required { get; init; }

    public bool Secret { get; init; }

    /// <summary>The first coderd release that sends the property, when it is newer than its definition.</summary>
    public string? Since { get; init; }

    /// <summary>Values a plain string property documents (an inline enum).</summary>
    public IReadOnlyList<string> KnownValues { get; init; } = [];

    public DurationView? Duration { get; set; }

    /// <summary>The spec's format, if any (for docs: <c>uri</c>, <c>email</c>).</summary>
    public string? Format { get; init; }
}

/// <summary>A <see cref="TimeSpan"/> view next to a numeric duration property.</summary>
internal sealed record DurationView(string Name, DurationUnit Unit);

internal enum DurationUnit
{
    Nanoseconds,
    Microseconds,
    Milliseconds,
    Seconds,
}

/// <summary>One known value of an enumeration.</summary>
internal sealed record EnumMember(string Name, string Value);
