using System.Globalization;
using CoderSdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Binds <see cref="CoderClientOptions"/> from configuration without reflection (trim- and AOT-safe): the keys
/// <c>Url</c>, <c>SessionToken</c>, <c>UserAgent</c>, <c>AllowAnonymous</c>, <c>Headers:*</c>, and the pipeline settings (sections <c>Resilience</c>, <c>Tls</c>, <c>HttpLogging</c>, <c>Streaming</c>; keys <c>HeaderCommand</c>,
/// <c>HeaderCommandRefreshInterval</c>, <c>HeaderCommandTimeout</c>, <c>MaxRedirects</c>) without reflection. A value that
/// does not parse becomes a validation error naming the key, and a key that is not a setting (a typo such as
/// <c>Resilience:MaxRetry</c>) is reported as a warning naming it, and otherwise ignored.
/// </summary>
/// <remarks>
/// Hand-written rather than the source-generated configuration binder: that binder throws on the first value that does
/// not convert (naming the type, not what the key accepts) and either ignores unknown keys or throws on them, while the
/// SDK collects every invalid value into one validation failure at start-up, says what each key accepts, and warns
/// about unknown keys without failing. A convention test binds every settable option from configuration, so a new
/// setting that is not bound here fails the build's tests.
/// </remarks>
internal static partial class CoderOptionsBinder
{
    /// <summary>The log category of configuration warnings.</summary>
    public const string LogCategory = "CoderSdk.Configuration";

    /// <summary>The sub-sections whose keys are settings; <c>Headers</c> takes any key.</summary>
    private static readonly string[] Sections = ["Resilience", "Tls", "Streaming", "HttpLogging"];

    public static void Bind(IConfiguration section, CoderClientOptions options, ILogger? log = null)
    {
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        BindKnown(section, options, known);
        if (log is not null)
        {
            ReportUnknown(section, known, log);
        }
    }

    private static void ReportUnknown(IConfiguration section, HashSet<string> known, ILogger log)
    {
        foreach (var child in section.GetChildren())
        {
            if (child.Key.Equals("Headers", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (Array.Exists(Sections, s => s.Equals(child.Key, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var setting in child.GetChildren())
                {
                    if (!known.Contains($"{child.Key}:{setting.Key}"))
                    {
                        UnknownKey(log, setting.Path);
                    }
                }
            }
            else if (!known.Contains(child.Key))
            {
                UnknownKey(log, child.Path);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "UnknownConfigurationKey", Level = LogLevel.Warning,
        Message = "Configuration key '{Key}' is not a CoderSdk setting and is ignored; check its spelling and section (the settings are listed in README.md, Configuration).")]
    private static partial void UnknownKey(ILogger logger, string key);

    private static void BindKnown(IConfiguration section, CoderClientOptions options, HashSet<string> known)
    {
        var reader = new Reader(section, options, string.Empty, known);
        reader.String("Url", v =>
        {
            if (Uri.TryCreate(v, UriKind.RelativeOrAbsolute, out var url))
            {
                options.BaseUrl = url;
            }
            else
            {
                options.AddConfigurationError($"Configuration key 'Url' must be a URL such as https://coder.example.com; '{v}' is not.");
            }
        });
        reader.String("SessionToken", v => options.SessionToken = v);
        reader.String("ProvisionerKey", v => options.ProvisionerKey = v);
        reader.String("ScimApiKey", v => options.ScimApiKey = v);
        reader.String("UserAgent", v => options.UserAgent = v);
        reader.Bool("AllowAnonymous", v => options.AllowAnonymous = v);
        foreach (var header in section.GetSection("Headers").GetChildren())
        {
            if (header.Value is { } value)
            {
                options.Headers[header.Key] = value;
            }
        }

        reader.String("HeaderCommand", v => options.HeaderCommand = v);
        reader.Duration("HeaderCommandRefreshInterval", v => options.HeaderCommandRefreshInterval = v);
        reader.Duration("HeaderCommandTimeout", v => options.HeaderCommandTimeout = v);
        reader.Int("MaxRedirects", v => options.MaxRedirects = v);

        var r = options.Resilience;
        var resilience = new Reader(section.GetSection("Resilience"), options, "Resilience:", known);
        resilience.Bool(nameof(r.Enabled), v => r.Enabled = v);
        resilience.Int(nameof(r.MaxConcurrentRequests), v => r.MaxConcurrentRequests = v);
        resilience.Duration(nameof(r.TotalTimeout), v => r.TotalTimeout = v);
        resilience.Duration(nameof(r.AttemptTimeout), v => r.AttemptTimeout = v);
        resilience.Int(nameof(r.MaxRetries), v => r.MaxRetries = v);
        resilience.Duration(nameof(r.BaseDelay), v => r.BaseDelay = v);
        resilience.Duration(nameof(r.MaxDelay), v => r.MaxDelay = v);
        resilience.Bool(nameof(r.UseJitter), v => r.UseJitter = v);
        resilience.Duration(nameof(r.MaxRetryAfter), v => r.MaxRetryAfter = v);
        resilience.Bool(nameof(r.CircuitBreakerEnabled), v => r.CircuitBreakerEnabled = v);
        resilience.Double(nameof(r.FailureRatio), v => r.FailureRatio = v);
        resilience.Int(nameof(r.MinimumThroughput), v => r.MinimumThroughput = v);
        resilience.Duration(nameof(r.SamplingDuration), v => r.SamplingDuration = v);
        resilience.Duration(nameof(r.BreakDuration), v => r.BreakDuration = v);

        var t = options.Tls;
        var tls = new Reader(section.GetSection("Tls"), options, "Tls:", known);
        tls.String(nameof(t.CaCertificateFile), v => t.CaCertificateFile = v);
        tls.String(nameof(t.ClientCertificateFile), v => t.ClientCertificateFile = v);
        tls.String(nameof(t.ClientKeyFile), v => t.ClientKeyFile = v);
        tls.String(nameof(t.ClientCertificatePfxFile), v => t.ClientCertificatePfxFile = v);
        tls.String(nameof(t.ClientCertificatePassword), v => t.ClientCertificatePassword = v);
        tls.String(nameof(t.ServerName), v => t.ServerName = v);
        tls.Bool(nameof(t.DangerousAcceptAnyServerCertificate), v => t.DangerousAcceptAnyServerCertificate = v);

        var st = options.Streaming;
        var streaming = new Reader(section.GetSection("Streaming"), options, "Streaming:", known);
        streaming.Duration(nameof(st.KeepAliveInterval), v => st.KeepAliveInterval = v);
        streaming.Duration(nameof(st.KeepAliveTimeout), v => st.KeepAliveTimeout = v);
        streaming.Duration(nameof(st.IdleTimeout), v => st.IdleTimeout = v);
        streaming.Duration(nameof(st.ConnectTimeout), v => st.ConnectTimeout = v);
        streaming.Duration(nameof(st.ReconnectBaseDelay), v => st.ReconnectBaseDelay = v);
        streaming.Duration(nameof(st.ReconnectMaxDelay), v => st.ReconnectMaxDelay = v);
        streaming.Int(nameof(st.MaxReconnectAttempts), v => st.MaxReconnectAttempts = v);
        streaming.Int(nameof(st.BufferCapacity), v => st.BufferCapacity = v);
        streaming.Int(nameof(st.MaxMessageBytes), v => st.MaxMessageBytes = v);
        streaming.Duration(nameof(st.MessageTimeout), v => st.MessageTimeout = v);
        streaming.Duration(nameof(st.CloseTimeout), v => st.CloseTimeout = v);
        streaming.Duration(nameof(st.AgentLifecyclePollInterval), v => st.AgentLifecyclePollInterval = v);

        var l = options.HttpLogging;
        var logging = new Reader(section.GetSection("HttpLogging"), options, "HttpLogging:", known);
        logging.Bool(nameof(l.LogHeaders), v => l.LogHeaders = v);
        logging.Bool(nameof(l.LogBodies), v => l.LogBodies = v);
        logging.Int(nameof(l.MaxBodyLength), v => l.MaxBodyLength = v);
    }

    /// <summary>Reads one section's keys, recording each key it knows (with its section prefix) in <paramref name="known"/>.</summary>
    private readonly struct Reader(IConfiguration section, CoderClientOptions options, string prefix, HashSet<string> known)
    {
        public void String(string key, Action<string> set)
        {
            known.Add(prefix + key);
            if (section[key] is { Length: > 0 } value)
            {
                set(value);
            }
        }

        public void Bool(string key, Action<bool> set) => Parse(key, set, (string s, out bool v) => bool.TryParse(s, out v), "true or false");

        public void Int(string key, Action<int> set) =>
            Parse(key, set, (string s, out int v) => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out v), "a whole number");

        public void Double(string key, Action<double> set) =>
            Parse(key, set, (string s, out double v) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v), "a number such as 0.1");

        public void Duration(string key, Action<TimeSpan> set) =>
            Parse(key, set, (string s, out TimeSpan v) => TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out v), "a duration such as 00:00:30, or -00:00:00.001 for infinite");

        private void Parse<T>(string key, Action<T> set, TryParser<T> parse, string expected)
        {
            known.Add(prefix + key);
            if (section[key] is not { Length: > 0 } text)
            {
                return;
            }

            if (parse(text, out var value))
            {
                set(value);
            }
            else
            {
                options.AddConfigurationError($"Configuration key '{prefix}{key}' must be {expected}; '{text}' is not.");
            }
        }
    }

    private delegate bool TryParser<T>(string text, out T value);
}
