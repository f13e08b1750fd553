using CoderSdk.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CoderSdk.DependencyInjection;

/// <summary>
/// Binds <see cref="CoderClientOptions"/> from configuration without reflection (trim- and AOT-safe): every row of the
/// settings table (<see cref="CoderSettings.All"/>) that has a configuration key is read from it. A value that does not
/// parse becomes a validation error naming the key, and a key that is not a setting (a typo such as
/// <c>Resilience:MaxRetry</c>) is reported as a warning naming it, and otherwise ignored.
/// </summary>
/// <remarks>
/// Hand-written rather than the source-generated configuration binder: that binder throws on the first value that does
/// not convert (naming the type, not what the key accepts) and either ignores unknown keys or throws on them, while the
/// SDK collects every invalid value into one validation failure at start-up, says what each key accepts, and warns
/// about unknown keys without failing. Tests bind every row's key and compare the table with README's.
/// </remarks>
internal static partial class CoderOptionsBinder
{
    /// <summary>The log category of configuration warnings.</summary>
    public const string LogCategory = "CoderSdk.Configuration";

    public static void Bind(IConfiguration section, CoderClientOptions options, ILogger? log = null)
    {
        foreach (var setting in CoderSettings.All)
        {
            setting.Bind(section, options);
        }

        if (log is not null)
        {
            ReportUnknown(section, log);
        }
    }

    private static void ReportUnknown(IConfiguration section, ILogger log)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var maps = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var sections = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in CoderSettings.All)
        {
            if (setting.Key is { } key)
            {
                (setting.IsMap ? maps : keys).Add(key);
                if (setting.Section is { } name)
                {
                    sections.Add(name);
                }
            }
        }

        foreach (var child in section.GetChildren())
        {
            if (maps.Contains(child.Key) || keys.Contains(child.Key))
            {
                continue;
            }

            if (!sections.Contains(child.Key))
            {
                UnknownKey(log, child.Path);
                continue;
            }

            foreach (var setting in child.GetChildren())
            {
                if (!keys.Contains($"{child.Key}:{setting.Key}") && !maps.Contains($"{child.Key}:{setting.Key}"))
                {
                    UnknownKey(log, setting.Path);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "UnknownConfigurationKey", Level = LogLevel.Warning,
        Message = "Configuration key '{Key}' is not a CoderSdk setting and is ignored; check its spelling and section (the settings are listed in README.md, Configuration).")]
    private static partial void UnknownKey(ILogger logger, string key);
}
