using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace CoderSdk.Configuration;

/// <summary>
/// One setting of <see cref="CoderClientOptions"/> or of one of its sections, declared once: its configuration key, type,
/// default, parsing, single-value check, copy, redacted text and a one-line description. The configuration binder,
/// <see cref="CoderClientOptions.Clone"/>, <see cref="CoderClientOptions.ToString"/>, the per-value validation messages,
/// the unknown-key warnings and README's key table all follow from the rows in <see cref="CoderSettings.All"/>.
/// </summary>
internal abstract class CoderSetting(string? section, string property, string? key, string doc, bool secret, bool alwaysShown, bool isMap)
{
    /// <summary>The options section (<c>Resilience</c>, <c>Tls</c>, ...), or null for a top-level setting.</summary>
    public string? Section => section;

    /// <summary>The C# path, e.g. <c>Resilience.MaxRetries</c>: used in messages and in <c>ToString</c>.</summary>
    public string Path => section is null ? property : section + "." + property;

    /// <summary>The configuration key, e.g. <c>Resilience:MaxRetries</c>; null for a setting only code can set (a provider, a callback).</summary>
    public string? Key => key is null ? null : section is null ? key : section + ":" + key;

    /// <summary>One line saying what the setting does (README's table shows it).</summary>
    public string Doc => doc;

    /// <summary>Whether the value is a credential: never printed, never echoed in a message.</summary>
    public bool Secret => secret;

    /// <summary>Whether the key is a section whose every sub-key is a value (<c>Headers:X-Team</c>), so no sub-key is unknown.</summary>
    public bool IsMap => isMap;

    /// <summary>Whether <c>ToString</c> shows the setting even at its default.</summary>
    public bool AlwaysShown => alwaysShown;

    /// <summary>How the value is written in configuration (README's type column).</summary>
    public abstract string TypeName { get; }

    /// <summary>The CLR type of the value.</summary>
    public abstract Type ValueType { get; }

    /// <summary>The default, as configuration would write it.</summary>
    public abstract string DefaultText { get; }

    /// <summary>Reads the key from <paramref name="configuration"/> when present; a value that does not parse becomes a configuration error naming the key.</summary>
    public abstract void Bind(IConfiguration configuration, CoderClientOptions options);

    /// <summary>Copies the value from one options instance to another (a fresh one, in <c>Clone</c>).</summary>
    public abstract void Copy(CoderClientOptions from, CoderClientOptions to);

    /// <summary>Adds the row's own check of its value, if it has one and the value fails it.</summary>
    public abstract void Check(CoderClientOptions options, List<string> errors);

    /// <summary>The value as <c>ToString</c> prints it (secrets masked); null when it is not shown.</summary>
    public abstract string? Describe(CoderClientOptions options);

    /// <summary>The current value (for tests and tools).</summary>
    public abstract object? GetValue(CoderClientOptions options);

    /// <summary>Sets the value (for tests and tools).</summary>
    public abstract void SetValue(CoderClientOptions options, object? value);
}

/// <summary>A setting whose value of type <typeparamref name="T"/> lives on an options object of type <typeparamref name="TOwner"/>.</summary>
internal sealed class CoderSetting<TOwner, T>(
    string? section,
    Func<CoderClientOptions, TOwner?> owner,
    string property,
    CoderSettingType<T> type,
    Func<TOwner, T> get,
    Action<TOwner, T> set,
    string doc,
    string? key,
    bool secret,
    bool alwaysShown,
    Func<T, string?>? check,
    Func<T, string?>? describe,
    string? defaultText)
    : CoderSetting(section, property, type.Configurable ? key ?? property : null, doc, secret, alwaysShown, type.IsMap)
    where TOwner : class
{
    public override string TypeName => type.Name;

    public override Type ValueType => typeof(T);

    public override string DefaultText => defaultText ?? (owner(CoderSettings.Defaults) is { } o ? type.Text(get(o)) : "(none)");

    public override void Bind(IConfiguration configuration, CoderClientOptions options)
    {
        if (Key is not { } configurationKey || owner(options) is not { } target)
        {
            return;
        }

        if (type.Read(configuration, configurationKey, out var value, out var badText))
        {
            set(target, value);
        }
        else if (badText is not null)
        {
            var shown = Secret ? "the value given" : $"'{badText}'";
            options.AddConfigurationError($"Configuration key '{configurationKey}' must be {type.Expected}; {shown} is not.");
        }
    }

    public override void Copy(CoderClientOptions from, CoderClientOptions to)
    {
        if (owner(from) is { } source && owner(to) is { } target)
        {
            set(target, type.CopyValue(get(source)));
        }
    }

    public override void Check(CoderClientOptions options, List<string> errors)
    {
        if (check is not null && owner(options) is { } o && check(get(o)) is { } error)
        {
            errors.Add(error);
        }
    }

    public override string? Describe(CoderClientOptions options)
    {
        if (owner(options) is not { } o)
        {
            return null;
        }

        var value = get(o);
        if (describe is not null)
        {
            return describe(value);
        }

        return value is null ? "none" : Secret ? "****" : type.Display(value);
    }

    public override object? GetValue(CoderClientOptions options) => owner(options) is { } o ? get(o) : null;

    public override void SetValue(CoderClientOptions options, object? value)
    {
        if (owner(options) is { } o)
        {
            set(o, (T)value!);
        }
    }
}

/// <summary>Declares the rows of one options section: the section's name and how to reach it from the root options.</summary>
internal sealed class CoderSettingSection<TOwner>(string? name, Func<CoderClientOptions, TOwner?> owner)
    where TOwner : class
{
    /// <summary>
    /// A row. <paramref name="key"/> defaults to the property name; a type that cannot be parsed makes the row code-only
    /// (no key). <paramref name="check"/> returns the problem with a value, or null; <paramref name="describe"/> replaces
    /// the printed text; <paramref name="defaultText"/> replaces the default README shows, for a default computed from
    /// other settings.
    /// </summary>
    public CoderSetting Row<T>(
        string property,
        CoderSettingType<T> type,
        Func<TOwner, T> get,
        Action<TOwner, T> set,
        string doc,
        string? key = null,
        bool secret = false,
        bool alwaysShown = false,
        Func<T, string?>? check = null,
        Func<T, string?>? describe = null,
        string? defaultText = null) =>
        new CoderSetting<TOwner, T>(name, owner, property, type, get, set, doc, key, secret, alwaysShown, check, describe, defaultText);
}

/// <summary>
/// How values of one type are written in configuration: how they are read and parsed, what the error message says is
/// accepted, how a default is written, how <c>ToString</c> prints a value, and how <c>Clone</c> copies one.
/// </summary>
internal sealed class CoderSettingType<T>(
    string name,
    string? expected,
    CoderSettingType<T>.Reader? read,
    Func<T, string> text,
    Func<T, string>? display = null,
    Func<T, T>? copy = null,
    bool isMap = false)
{
    /// <summary>Reads a key: true with the value when it is present and parses; false with the text when it does not parse; false with null when it is absent.</summary>
    public delegate bool Reader(IConfiguration configuration, string key, out T value, out string? badText);

    /// <summary>Parses one configuration value.</summary>
    public delegate bool TryParser(string text, out T value);

    public string Name => name;

    public string Expected => expected ?? "set in code";

    public bool Configurable => read is not null;

    public bool IsMap => isMap;

    public string Text(T value) => value is null ? "(none)" : text(value);

    public string Display(T value) => (display ?? text)(value);

    public T CopyValue(T value) => copy is null ? value : copy(value);

    public bool Read(IConfiguration configuration, string key, out T value, out string? badText)
    {
        if (read is null)
        {
            value = default!;
            badText = null;
            return false;
        }

        return read(configuration, key, out value, out badText);
    }

    /// <summary>A type read from one configuration value; an empty value counts as absent.</summary>
    public static CoderSettingType<T> Scalar(string name, string expected, TryParser parse, Func<T, string> text, Func<T, string>? display = null) =>
        new(name, expected, (IConfiguration configuration, string key, out T value, out string? badText) =>
        {
            value = default!;
            badText = null;
            if (configuration[key] is not { Length: > 0 } raw)
            {
                return false;
            }

            if (parse(raw, out value))
            {
                return true;
            }

            badText = raw;
            return false;
        }, text, display);

    /// <summary>A type only code can set (a provider, a callback, an object in memory).</summary>
    public static CoderSettingType<T> Code(string name, Func<T, string> display, Func<T, T>? copy = null) =>
        new(name, null, null, display, display, copy);
}

/// <summary>The value types the settings use.</summary>
internal static class CoderSettingTypes
{
    public static readonly CoderSettingType<string?> Text =
        CoderSettingType<string?>.Scalar("text", "text", (string s, out string? v) => { v = s; return true; }, v => v!);

    public static readonly CoderSettingType<bool> Bool =
        CoderSettingType<bool>.Scalar("bool", "true or false", (string s, out bool v) => bool.TryParse(s, out v), v => v ? "true" : "false");

    public static readonly CoderSettingType<int> Int =
        CoderSettingType<int>.Scalar("int", "a whole number",
            (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v),
            v => v.ToString(CultureInfo.InvariantCulture));

    public static readonly CoderSettingType<double> Number =
        CoderSettingType<double>.Scalar("number", "a number such as 0.1",
            (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v),
            v => v.ToString(CultureInfo.InvariantCulture));

    public static readonly CoderSettingType<TimeSpan> Duration =
        CoderSettingType<TimeSpan>.Scalar("duration", "a duration such as 00:00:30, or -00:00:00.001 for infinite",
            (string s, out TimeSpan v) => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out v),
            DurationText, CoderResilienceOptions.Format);

    public static readonly CoderSettingType<TimeSpan?> OptionalDuration =
        CoderSettingType<TimeSpan?>.Scalar("duration", Duration.Expected,
            (string s, out TimeSpan? v) =>
            {
                var ok = TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var parsed);
                v = parsed;
                return ok;
            },
            v => DurationText(v!.Value), v => CoderResilienceOptions.Format(v!.Value));

    public static readonly CoderSettingType<Uri?> Url =
        CoderSettingType<Uri?>.Scalar("URL", "a URL such as https://coder.example.com",
            (string s, out Uri? v) => Uri.TryCreate(s, UriKind.RelativeOrAbsolute, out v),
            v => v!.OriginalString,
            // The origin only: never a user name or password, path or query.
            v => v!.IsAbsoluteUri ? v.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped) : "(relative URL)");

    /// <summary>The extra headers: one key per header under the setting's section (<c>Headers:X-Team</c>); a bound header is added to those already set.</summary>
    public static readonly CoderSettingType<IDictionary<string, string>> HeaderMap = new(
        "text per header",
        "text",
        (IConfiguration configuration, string key, out IDictionary<string, string> value, out string? badText) =>
        {
            badText = null;
            value = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in configuration.GetSection(key).GetChildren())
            {
                if (header.Value is { } text)
                {
                    value[header.Key] = text;
                }
            }

            return value.Count > 0;
        },
        v => v.Count == 0 ? "(none)" : string.Join(", ", v.Keys),
        v => "[" + string.Join(", ", v.Keys) + "]",
        isMap: true);

    /// <summary>Only code can set it; <c>ToString</c> names the object's type.</summary>
    public static CoderSettingType<T> Object<T>() => CoderSettingType<T>.Code("object", v => v is null ? "none" : v.GetType().Name);

    /// <summary>A callback only code can set; <c>ToString</c> says only whether it is set.</summary>
    public static CoderSettingType<T> Callback<T>() => CoderSettingType<T>.Code("callback", v => v is null ? "none" : "(set)");

    private static string DurationText(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan ? "infinite" : value.ToString("c", CultureInfo.InvariantCulture);
}

/// <summary>The table of every setting, top level first, then the sections.</summary>
internal static class CoderSettings
{
    private static CoderClientOptions? _defaults;

    /// <summary>Every row, in README's order.</summary>
    public static IReadOnlyList<CoderSetting> All { get; } =
    [
        .. CoderClientOptions.Settings,
        .. CoderResilienceOptions.Settings,
        .. CoderTlsOptions.Settings,
        .. CoderStreamOptions.Settings,
        .. CoderHttpLoggingOptions.Settings,
    ];

    /// <summary>A fresh, never changed options instance: the defaults to compare with.</summary>
    internal static CoderClientOptions Defaults => LazyInitializer.EnsureInitialized(ref _defaults, static () => new CoderClientOptions());
}
