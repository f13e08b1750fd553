using System.Globalization;
using System.Reflection;
using System.Security.Cryptography.X509Certificates;
using CoderSdk.Auth;
using CoderSdk.Configuration;
using CoderSdk.DependencyInjection;
using CoderSdk.Errors;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace CoderSdk.Tests.Configuration;

/// <summary>
/// The settings table (<see cref="CoderSettings.All"/>) is the one place a setting is declared: these tests walk every
/// row, so a new row is bound, cloned, masked and documented without a test of its own, and a property without a row fails.
/// </summary>
public sealed class SettingsTableTests
{
    /// <summary>The options classes whose properties are settings, with the C# path prefix of each.</summary>
    private static readonly (Type Type, string Prefix)[] OptionTypes =
    [
        (typeof(CoderClientOptions), ""),
        (typeof(CoderResilienceOptions), "Resilience."),
        (typeof(CoderTlsOptions), "Tls."),
        (typeof(CoderStreamOptions), "Streaming."),
        (typeof(CoderHttpLoggingOptions), "HttpLogging."),
    ];

    [Fact]
    public void Table_HasARowForEveryPropertyThatHoldsASetting_AndNoDuplicate()
    {
        var sectionTypes = OptionTypes.Select(t => t.Type).ToHashSet();
        var expected = OptionTypes
            .SelectMany(t => t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0)
                // A setter of any visibility, or a collection the caller fills; a get-only section (Resilience, Tls) is not a value.
                .Where(p => p.SetMethod is not null || (!sectionTypes.Contains(p.PropertyType) &&
                            (p.PropertyType == typeof(IDictionary<string, string>) || p.PropertyType == typeof(X509Certificate2Collection))))
                .Select(p => t.Prefix + p.Name))
            .Order(StringComparer.Ordinal)
            .ToList();

        var paths = CoderSettings.All.Select(s => s.Path).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, paths);
        Assert.Equal(paths.Count, paths.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var keys = CoderSettings.All.Where(s => s.Key is not null).Select(s => s.Key!).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(keys.Count >= 45, $"only {keys.Count} configuration keys");
    }

    [Fact]
    public void Clone_CopiesEveryRow()
    {
        foreach (var setting in CoderSettings.All)
        {
            var options = new CoderClientOptions();
            var sample = Sample(setting);
            Assert.False(Same(setting, sample, setting.GetValue(new CoderClientOptions())), $"the sample for {setting.Path} is its default");
            setting.SetValue(options, sample);

            var copy = options.Clone();

            Assert.True(Same(setting, sample, setting.GetValue(copy)), $"Clone did not copy {setting.Path}");
        }
    }

    [Fact]
    public void Clone_EverySettingAtOnce_CopiesAllAndSharesNoCollection()
    {
        var options = new CoderClientOptions();
        var samples = CoderSettings.All.Select(s => (Setting: s, Value: Sample(s))).ToList();
        foreach (var (setting, value) in samples)
        {
            setting.SetValue(options, value);
        }

        var copy = options.Clone();

        Assert.All(samples, s => Assert.True(Same(s.Setting, s.Value, s.Setting.GetValue(copy)), $"Clone did not copy {s.Setting.Path}"));
        copy.Headers["X-Only-In-Copy"] = "1";
        copy.Tls.CaCertificates.Add(TestCertificates.Instance.Loopback);
        Assert.False(options.Headers.ContainsKey("X-Only-In-Copy"));
        Assert.Single(options.Tls.CaCertificates);
        Assert.NotSame(options.Streaming, copy.Streaming);
        Assert.Equal(options.ToString(), options.Clone().ToString());
    }

    [Fact]
    public void ToString_NeverShowsTheValueOfASecretRow_ButNamesEachOne()
    {
        var options = new CoderClientOptions();
        foreach (var setting in CoderSettings.All)
        {
            setting.SetValue(options, Sample(setting));
        }

        var secrets = CoderSettings.All.Where(s => s.Secret).ToList();
        foreach (var setting in secrets)
        {
            setting.SetValue(options, setting.ValueType == typeof(IDictionary<string, string>)
                ? new Dictionary<string, string> { ["X-Proxy-Auth"] = "secret-header-value" }
                : "secret-" + setting.Path);
        }

        var text = options.ToString();

        Assert.Equal(
            ["HeaderCommand", "Headers", "ProvisionerKey", "ScimApiKey", "SessionToken", "Tls.ClientCertificatePassword"],
            secrets.Select(s => s.Path).Order(StringComparer.Ordinal));
        Assert.All(secrets, s => Assert.DoesNotContain("secret-" + s.Path, text, StringComparison.Ordinal));
        Assert.DoesNotContain("secret-header-value", text, StringComparison.Ordinal);
        Assert.All(secrets, s => Assert.Contains(s.Path + " = ", text, StringComparison.Ordinal));
        Assert.Contains("SessionToken = ****", text, StringComparison.Ordinal);
        Assert.Contains("X-Proxy-Auth", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_Defaults_ShowOnlyTheUrlAndToken_AndAChangedSettingAppears()
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://user:pw@coder.example.com/") };

        Assert.Equal("CoderClientOptions { BaseUrl = https://coder.example.com, SessionToken = none }", options.ToString());
        options.Resilience.MaxRetries = 5;
        options.Streaming.IdleTimeout = TimeSpan.FromMinutes(2);
        Assert.Equal("CoderClientOptions { BaseUrl = https://coder.example.com, SessionToken = none, Resilience.MaxRetries = 5, Streaming.IdleTimeout = 120s }", options.ToString());
    }

    [Fact]
    public void Bind_EveryKey_RoundTripsFromAnInMemoryConfiguration_WithNoUnknownKeyWarning()
    {
        var values = new Dictionary<string, string?>();
        var expected = new List<(CoderSetting Setting, object? Value)>();
        foreach (var setting in CoderSettings.All.Where(s => s.Key is not null))
        {
            var (text, value) = ConfigurationSample(setting);
            if (setting.IsMap)
            {
                values[setting.Key + ":X-Round"] = text;
            }
            else
            {
                values[setting.Key!] = text;
            }

            expected.Add((setting, value));
        }

        var log = new TestLog();
        var options = new CoderClientOptions();
        CoderOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), options, log.CreateLogger(CoderOptionsBinder.LogCategory));

        Assert.Empty(options.ConfigurationErrors);
        Assert.Empty(log.Named("UnknownConfigurationKey"));
        Assert.All(expected, e => Assert.True(Same(e.Setting, e.Value, e.Setting.GetValue(options)),
            $"configuration key '{e.Setting.Key}' was not bound (expected {e.Value}, got {e.Setting.GetValue(options)})"));
    }

    [Fact]
    public void Bind_BadValueOfEveryParsedKey_TypedErrorNamingTheKeyAndWhatItAccepts()
    {
        var parsed = CoderSettings.All.Where(s => s.Key is not null && s.TypeName is not ("text" or "text per header" or "URL")).ToList();
        foreach (var setting in parsed)
        {
            var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "t" };
            var bad = "not-a-" + setting.TypeName;
            CoderOptionsBinder.Bind(new ConfigurationBuilder().AddInMemoryCollection([new(setting.Key!, bad)]).Build(), options);

            var error = Assert.Throws<CoderConfigurationException>(options.Validate);

            Assert.Contains($"Configuration key '{setting.Key}' must be ", Assert.Single(error.Errors), StringComparison.Ordinal);
            Assert.EndsWith($"; '{bad}' is not.", error.Errors[0], StringComparison.Ordinal);
        }

        Assert.True(parsed.Count > 30, $"only {parsed.Count} parsed keys");
    }

    [Fact]
    public async Task AddCoderClient_BadBoolean_HostFailsWithTheDocumentedSentence()
    {
        using var host = TestHosts.WithCoderSection(new() { ["Url"] = "https://coder.example.com", ["AllowAnonymous"] = "yes" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Configuration key 'AllowAnonymous' must be true or false; 'yes' is not.", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A value other than the default for the row, for Clone and ToString.</summary>
    private static object? Sample(CoderSetting setting)
    {
        var current = setting.GetValue(new CoderClientOptions());
        var certificate = TestCertificates.Instance.Client;
        return setting.ValueType switch
        {
            var t when t == typeof(string) => "value-" + setting.Path,
            var t when t == typeof(bool) => !(bool)current!,
            var t when t == typeof(int) => (int)current! + 7,
            var t when t == typeof(double) => 0.37,
            var t when t == typeof(TimeSpan) => (TimeSpan)current! + TimeSpan.FromSeconds(3),
            var t when t == typeof(TimeSpan?) => TimeSpan.FromSeconds(7),
            var t when t == typeof(Uri) => new Uri("https://coder.example.com/"),
            var t when t == typeof(IDictionary<string, string>) => new Dictionary<string, string> { ["X-Sample"] = "sample" },
            var t when t == typeof(ICoderTokenProvider) => new StaticCoderTokenProvider(new CoderSessionToken("provider-token")),
            var t when t == typeof(TimeProvider) => new ManualTimeProvider(),
            var t when t == typeof(CoderStreamOptions) => new CoderStreamOptions { BufferCapacity = 7 },
            var t when t == typeof(ILoggerFactory) => NullLoggerFactory.Instance,
            var t when t == typeof(CoderCredentialSource) => new CoderCredentialSource(default, default, "/tmp/coder-config"),
            var t when t == typeof(ResiliencePipeline<HttpResponseMessage>) => ResiliencePipeline<HttpResponseMessage>.Empty,
            var t when t == typeof(X509Certificate2Collection) => new X509Certificate2Collection(certificate),
            var t when t == typeof(X509Certificate2) => certificate,
            var t when t == typeof(Action<CoderStreamReconnecting>) => new Action<CoderStreamReconnecting>(_ => { }),
            var t when t == typeof(Action<CoderStreamResumed>) => new Action<CoderStreamResumed>(_ => { }),
            var t => throw new InvalidOperationException($"No sample value for {setting.Path} ({t}): add one to SettingsTableTests.Sample."),
        };
    }

    /// <summary>A value other than the default as configuration text, and the value the row then holds.</summary>
    private static (string Text, object? Value) ConfigurationSample(CoderSetting setting)
    {
        var value = Sample(setting);
        return value switch
        {
            string s => (s, s),
            bool b => (b ? "true" : "false", b),
            int i => (i.ToString(CultureInfo.InvariantCulture), i),
            double d => (d.ToString(CultureInfo.InvariantCulture), d),
            TimeSpan t => (t.ToString("c", CultureInfo.InvariantCulture), t),
            Uri u => (u.OriginalString, u),
            IDictionary<string, string> => ("round-trip", new Dictionary<string, string> { ["X-Round"] = "round-trip" }),
            _ => throw new InvalidOperationException($"{setting.Key} has no configuration sample."),
        };
    }

    private static bool Same(CoderSetting setting, object? expected, object? actual) => (expected, actual) switch
    {
        (IDictionary<string, string> e, IDictionary<string, string> a) => e.Count == a.Count && e.All(p => a.TryGetValue(p.Key, out var v) && v == p.Value),
        (X509Certificate2Collection e, X509Certificate2Collection a) => e.Cast<X509Certificate2>().SequenceEqual(a.Cast<X509Certificate2>()),
        (CoderStreamOptions e, CoderStreamOptions a) => setting.Path == "Streaming" && e.BufferCapacity == a.BufferCapacity,
        _ => Equals(expected, actual),
    };
}
