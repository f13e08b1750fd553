using System.Globalization;

namespace CoderSdk.Apis;

/// <summary>
/// Names one organization in a request path the three ways coderd accepts: by its ID, by its name, or as
/// <see cref="Default"/> (the deployment's default organization).
/// </summary>
/// <remarks>
/// A <see cref="Guid"/> or a <see cref="string"/> converts implicitly, so <c>client.Organizations.GetAsync(id)</c> and
/// <c>client.Organizations.GetAsync("platform")</c> both work. A name is sent as one path segment: a <c>/</c> inside it
/// is escaped, never read as a separator. <see cref="ToString()"/> gives the segment as coderd receives it (before
/// escaping); a <c>default(CoderOrganization)</c> means <see cref="Default"/>.
/// </remarks>
public readonly struct CoderOrganization : IEquatable<CoderOrganization>, IFormattable
{
    /// <summary>The literal coderd reads as "the default organization".</summary>
    private const string DefaultSegment = "default";

    private readonly string? _name;
    private readonly Guid? _id;

    private CoderOrganization(Guid? id, string? name)
    {
        _id = id;
        _name = name;
    }

    /// <summary>The deployment's default organization (the path segment <c>default</c>).</summary>
    public static CoderOrganization Default => default;

    /// <summary>The organization's ID when this value was made from one; otherwise <c>null</c>.</summary>
    public Guid? Id => _id;

    /// <summary>The organization's name when this value was made from one; <c>null</c> for an ID or <see cref="Default"/>.</summary>
    public string? Name => _name;

    /// <summary>True for <see cref="Default"/> (also the value of an unset field).</summary>
    public bool IsDefault => _id is null && _name is null;

    /// <summary>The organization with this ID.</summary>
    /// <param name="id">The organization's UUID.</param>
    public static CoderOrganization FromId(Guid id) => new(id, null);

    /// <summary>The organization with this name (its short name, as in <c>coder organizations list</c>).</summary>
    /// <param name="name">The name; the text <c>default</c> gives <see cref="Default"/>.</param>
    /// <exception cref="ArgumentException">The name is null, empty or only white space.</exception>
    public static CoderOrganization FromName(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("An organization name must not be empty or white space.", nameof(name));
        }

        return name == DefaultSegment ? Default : new(null, name);
    }

    /// <summary>Converts an organization ID.</summary>
    /// <param name="id">The organization's UUID.</param>
    public static implicit operator CoderOrganization(Guid id) => FromId(id);

    /// <summary>Converts an organization name (see <see cref="FromName"/>).</summary>
    /// <param name="name">The name, or <c>default</c>.</param>
    /// <exception cref="ArgumentException">The name is null, empty or only white space.</exception>
    public static implicit operator CoderOrganization(string name) => FromName(name);

    /// <summary>The path segment coderd receives: the ID in <c>D</c> format, the name as given, or <c>default</c>.</summary>
    public override string ToString() => _id is { } id ? id.ToString("D", CultureInfo.InvariantCulture) : _name ?? DefaultSegment;

    /// <summary>The same text as <see cref="ToString()"/>; the format and provider are not used.</summary>
    /// <param name="format">Not used.</param>
    /// <param name="formatProvider">Not used.</param>
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <summary>True when both values name the organization the same way (same ID, same name, or both default).</summary>
    /// <param name="other">The value to compare with.</param>
    public bool Equals(CoderOrganization other) => _id == other._id && string.Equals(_name, other._name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is CoderOrganization other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_id, _name is null ? 0 : StringComparer.Ordinal.GetHashCode(_name));

    /// <summary>True when both values name the organization the same way.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator ==(CoderOrganization left, CoderOrganization right) => left.Equals(right);

    /// <summary>True when the values name the organization differently.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    public static bool operator !=(CoderOrganization left, CoderOrganization right) => !left.Equals(right);
}
