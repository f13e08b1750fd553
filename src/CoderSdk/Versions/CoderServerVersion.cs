using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CoderSdk.Versions;

/// <summary>
/// A coderd release number as a deployment reports it (<c>v2.36.0</c>, <c>v2.36.0-devel+a300a06</c>,
/// <c>2.29.0-rc.1</c>, <c>v2.24.0+e5a74a7</c>), compared by major, minor and patch only.
/// </summary>
/// <remarks>
/// <para>
/// The text may start with <c>v</c>; then come three dot-separated numbers, an optional <c>-suffix</c> (pre-release,
/// e.g. <c>rc.1</c> or <c>devel</c>) and optional <c>+metadata</c> (a commit). Anything else (<c>dev</c>, an empty
/// string, two numbers) is not a version: <see cref="TryParse"/> returns false and the SDK's version checks stay off.
/// </para>
/// <para>
/// Comparison rule: the suffix and metadata are kept (<see cref="PreRelease"/>, <see cref="Build"/>) but never
/// compared, so <c>v2.36.0-devel+a300a06</c>, <c>v2.36.0-rc.1</c> and <c>v2.36.0</c> are equal. A Coder build from
/// main reports the last tag plus <c>-devel</c>, so it has at least that tag's API; a release candidate is cut from
/// its release's branch and has the API of that release. Equality and ordering follow the same rule.
/// </para>
/// </remarks>
public sealed class CoderServerVersion : IEquatable<CoderServerVersion>, IComparable<CoderServerVersion>, IComparable
{
    private CoderServerVersion(int major, int minor, int patch, string preRelease, string build, string text)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        Build = build;
        Text = text;
    }

    /// <summary>Creates a plain release number, e.g. <c>new CoderServerVersion(2, 29, 0)</c> for <c>v2.29.0</c>.</summary>
    /// <param name="major">The major number.</param>
    /// <param name="minor">The minor number.</param>
    /// <param name="patch">The patch number.</param>
    /// <exception cref="ArgumentOutOfRangeException">A number is negative.</exception>
    public CoderServerVersion(int major, int minor, int patch)
        : this(NotNegative(major), NotNegative(minor), NotNegative(patch), string.Empty, string.Empty,
            string.Create(CultureInfo.InvariantCulture, $"v{major}.{minor}.{patch}"))
    {
    }

    /// <summary>The major number (the <c>2</c> of <c>v2.36.0</c>).</summary>
    public int Major { get; }

    /// <summary>The minor number (the <c>36</c> of <c>v2.36.0</c>).</summary>
    public int Minor { get; }

    /// <summary>The patch number (the <c>0</c> of <c>v2.36.0</c>).</summary>
    public int Patch { get; }

    /// <summary>The text after <c>-</c> (<c>devel</c>, <c>rc.1</c>), or empty for a release.</summary>
    public string PreRelease { get; }

    /// <summary>The text after <c>+</c> (usually a commit, <c>a300a06</c>), or empty.</summary>
    public string Build { get; }

    /// <summary>True for a build from main (<c>-devel</c>): it has at least the API of the release it names.</summary>
    public bool IsDevelopmentBuild => PreRelease.StartsWith("devel", StringComparison.OrdinalIgnoreCase);

    /// <summary>The text the version was read from, without surrounding white space.</summary>
    public string Text { get; }

    /// <summary>Reads a version, or says it is not one.</summary>
    /// <param name="text">What coderd reported, e.g. <c>v2.36.0-devel+a300a06</c>.</param>
    /// <param name="version">The version when the text is one, otherwise <see langword="null"/>.</param>
    /// <returns>True when <paramref name="text"/> is a version; never throws.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out CoderServerVersion? version)
    {
        version = null;
        if (text is null)
        {
            return false;
        }

        var s = text.AsSpan().Trim();
        var trimmed = s;
        if (s.Length > 0 && (s[0] == 'v' || s[0] == 'V'))
        {
            s = s[1..];
        }

        if (!ReadNumber(ref s, out var major) || !Expect(ref s, '.') ||
            !ReadNumber(ref s, out var minor) || !Expect(ref s, '.') ||
            !ReadNumber(ref s, out var patch))
        {
            return false;
        }

        var preRelease = string.Empty;
        var build = string.Empty;
        if (s.Length > 0 && s[0] == '-')
        {
            var end = s.IndexOf('+');
            var part = end < 0 ? s[1..] : s[1..end];
            if (!IsIdentifier(part))
            {
                return false;
            }

            preRelease = part.ToString();
            s = end < 0 ? [] : s[end..];
        }

        if (s.Length > 0 && s[0] == '+')
        {
            var part = s[1..];
            if (!IsIdentifier(part))
            {
                return false;
            }

            build = part.ToString();
            s = [];
        }

        if (s.Length > 0)
        {
            return false;
        }

        version = new CoderServerVersion(major, minor, patch, preRelease, build, trimmed.ToString());
        return true;
    }

    /// <summary>Reads a version that must be one.</summary>
    /// <param name="text">The version text, e.g. <c>v2.29.0</c>.</param>
    /// <returns>The version.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="FormatException"><paramref name="text"/> is not a version; the message quotes it.</exception>
    public static CoderServerVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{Quote(text)}' is not a coderd version: expected major.minor.patch with an optional leading 'v', '-suffix' and '+metadata' (e.g. v2.36.0 or v2.36.0-devel+a300a06).");
    }

    /// <summary>Compares major, minor and patch; the suffix and metadata do not count.</summary>
    /// <param name="other">The version to compare with; <see langword="null"/> sorts first.</param>
    /// <returns>Negative, zero or positive as this version is older, the same or newer.</returns>
    public int CompareTo(CoderServerVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var c = Major.CompareTo(other.Major);
        if (c == 0)
        {
            c = Minor.CompareTo(other.Minor);
        }

        return c != 0 ? c : Patch.CompareTo(other.Patch);
    }

    /// <inheritdoc />
    int IComparable.CompareTo(object? obj) => obj switch
    {
        null => 1,
        CoderServerVersion other => CompareTo(other),
        _ => throw new ArgumentException($"A CoderServerVersion cannot be compared with a {obj.GetType().Name}.", nameof(obj)),
    };

    /// <summary>True when major, minor and patch are equal (the suffix and metadata do not count).</summary>
    /// <param name="other">The version to compare with.</param>
    /// <returns>Whether the two name the same release.</returns>
    public bool Equals(CoderServerVersion? other) => other is not null && CompareTo(other) == 0;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CoderServerVersion);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch);

    /// <summary>The coderd release this SDK's API was generated from: its models and operations are that release's.</summary>
    public static CoderServerVersion GeneratedFrom { get; } = Parse(CoderOperations.GeneratedFrom);

    /// <summary>
    /// The oldest coderd release the SDK supports: an operation or field it has is in every release from this one on
    /// (newer ones say which release introduced them).
    /// </summary>
    public static CoderServerVersion OldestSupported { get; } = Parse(CoderOperations.OldestRelease);

    /// <summary>The text the version was read from (<c>v2.36.0-devel+a300a06</c>).</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;

    /// <summary>Same release number.</summary>
    /// <param name="left">A version or null.</param>
    /// <param name="right">A version or null.</param>
    /// <returns>Whether both are null or name the same release.</returns>
    public static bool operator ==(CoderServerVersion? left, CoderServerVersion? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Different release numbers.</summary>
    /// <param name="left">A version or null.</param>
    /// <param name="right">A version or null.</param>
    /// <returns>The opposite of <c>==</c>.</returns>
    public static bool operator !=(CoderServerVersion? left, CoderServerVersion? right) => !(left == right);

    /// <summary>Older.</summary>
    /// <param name="left">A version or null (null is oldest).</param>
    /// <param name="right">A version or null.</param>
    /// <returns>Whether <paramref name="left"/> is the older release.</returns>
    public static bool operator <(CoderServerVersion? left, CoderServerVersion? right) => Compare(left, right) < 0;

    /// <summary>Newer.</summary>
    /// <param name="left">A version or null (null is oldest).</param>
    /// <param name="right">A version or null.</param>
    /// <returns>Whether <paramref name="left"/> is the newer release.</returns>
    public static bool operator >(CoderServerVersion? left, CoderServerVersion? right) => Compare(left, right) > 0;

    /// <summary>Older or the same.</summary>
    /// <param name="left">A version or null (null is oldest).</param>
    /// <param name="right">A version or null.</param>
    /// <returns>Whether <paramref name="left"/> is not the newer release.</returns>
    public static bool operator <=(CoderServerVersion? left, CoderServerVersion? right) => Compare(left, right) <= 0;

    /// <summary>Newer or the same.</summary>
    /// <param name="left">A version or null (null is oldest).</param>
    /// <param name="right">A version or null.</param>
    /// <returns>Whether <paramref name="left"/> is not the older release.</returns>
    public static bool operator >=(CoderServerVersion? left, CoderServerVersion? right) => Compare(left, right) >= 0;

    /// <summary>A bounded, printable form of text that is not a version, for messages.</summary>
    internal static string Quote(string text)
    {
        const int Max = 64;
        var shown = text.Length > Max ? text[..Max] + "..." : text;
        return string.Create(shown.Length, shown, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });
    }

    private static int Compare(CoderServerVersion? left, CoderServerVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static int NotNegative(int value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }

    private static bool ReadNumber(ref ReadOnlySpan<char> s, out int value)
    {
        var length = 0;
        while (length < s.Length && char.IsAsciiDigit(s[length]))
        {
            length++;
        }

        if (length == 0 || !int.TryParse(s[..length], NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            value = 0;
            return false;
        }

        s = s[length..];
        return true;
    }

    private static bool Expect(ref ReadOnlySpan<char> s, char c)
    {
        if (s.Length == 0 || s[0] != c)
        {
            return false;
        }

        s = s[1..];
        return true;
    }

    /// <summary>A non-empty run of letters, digits, dots and hyphens (SemVer's identifier characters).</summary>
    private static bool IsIdentifier(ReadOnlySpan<char> part)
    {
        if (part.IsEmpty)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '.' && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}
