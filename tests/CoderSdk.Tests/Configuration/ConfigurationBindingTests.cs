using System.Globalization;
using System.Reflection;
using CoderSdk.Configuration;
using CoderSdk.DependencyInjection;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoderSdk.Tests.Configuration;

/// <summary>
/// The configuration binder: every settable option of <see cref="CoderClientOptions"/> and its sections is bound from
/// its key (so a new setting the binder forgets fails here), and keys that are not settings are reported by name.
/// </summary>
public sealed class ConfigurationBindingTests
{
    /// <summary>The option objects and the configuration section each is read from (the top level has none).</summary>
    private static IEnumerable<(string Section, Func<CoderClientOptions, object> Of)> Sections() =>
    [
        (string.Empty, o => o),
        ("Resilience", o => o.Resilience),
        ("Tls", o => o.Tls),
        ("Streaming", o => o.Streaming),
        ("HttpLogging", o => o.HttpLogging),
    ];

    /// <summary>Settable properties of a type configuration can carry, with their configuration key.</summary>
    private static IEnumerable<(PropertyInfo Property, string Key)> Settings(object options) =>
        options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0 &&
                        (p.PropertyType == typeof(string) || p.PropertyType == typeof(bool) || p.PropertyType == typeof(int) ||
                         p.PropertyType == typeof(double) || p.PropertyType == typeof(TimeSpan) || p.PropertyType == typeof(Uri)))
            .Select(p => (p, p.Name == nameof(CoderClientOptions.BaseUrl) ? "Url" : p.Name));

    /// <summary>A value other than the default, as configuration text and as the property reads it back.</summary>
    private static (string Text, object Value) Different(PropertyInfo property, object options, int salt)
    {
        var current = property.GetValue(options);
        return property.PropertyType switch
        {
            var t when t == typeof(string) => ($"value-{property.Name}", $"value-{property.Name}"),
            var t when t == typeof(bool) => ((!(bool)current!).ToString(), !(bool)current!),
            var t when t == typeof(int) => (((int)current! + 7 + salt).ToString(CultureInfo.InvariantCulture), (int)current! + 7 + salt),
            var t when t == typeof(double) => ("0.37", 0.37),
            var t when t == typeof(TimeSpan) => (((TimeSpan)current! + TimeSpan.FromSeconds(3 + salt)).ToString("c", CultureInfo.InvariantCulture), (TimeSpan)current! + TimeSpan.FromSeconds(3 + salt)),
            _ => ("https://coder.example.com/", new Uri("https://coder.example.com/")),
        };
    }

    [Fact]
    public void Bind_EverySettableOption_IsReadFromItsKey()
    {
        var defaults = new CoderClientOptions();
        var values = new Dictionary<string, string?>();
        var expected = new List<(string Key, Func<CoderClientOptions, object?> Read, object Value)>();
        var salt = 0;
        foreach (var (section, of) in Sections())
        {
            foreach (var (property, key) in Settings(of(defaults)))
            {
                var (text, value) = Different(property, of(defaults), salt++);
                var path = section.Length == 0 ? key : $"{section}:{key}";
                values[path] = text;
                expected.Add((path, o => property.GetValue(of(o)), value));
            }
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var bound = new CoderClientOptions();
        CoderOptionsBinder.Bind(configuration, bound);

        Assert.True(expected.Count > 40, $"only {expected.Count} settings found");
        Assert.Empty(bound.ConfigurationErrors);
        Assert.All(expected, e => Assert.True(Equals(e.Value, e.Read(bound)), $"configuration key '{e.Key}' was not bound (expected {e.Value}, got {e.Read(bound)})"));
    }

    [Fact]
    public void AddCoderClient_UnknownKeys_WarnedByNameAndTheRestBound()
    {
        var log = new TestLog();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Coder:Url"] = "https://coder.example.com",
            ["Coder:SessionToken"] = "configured-token",
            ["Coder:Resilience:MaxRetries"] = "5",
            ["Coder:Resilience:MaxRetry"] = "9",
            ["Coder:Resilence:TotalTimeout"] = "00:01:00",
            ["Coder:Headers:X-Team"] = "platform",
            ["Coder:UserAgentt"] = "typo",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(log);
        services.AddCoderClient(configuration.GetSection("Coder"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<CoderClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal(["Coder:Resilence", "Coder:Resilience:MaxRetry", "Coder:UserAgentt"], log.Named("UnknownConfigurationKey").Select(e => (string)e["Key"]!).Order(StringComparer.Ordinal));
        Assert.All(log.Named("UnknownConfigurationKey"), e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal(5, options.Resilience.MaxRetries);
        Assert.Equal("platform", options.Headers["X-Team"]);
        Assert.Equal(new Uri("https://coder.example.com"), options.BaseUrl);
    }
}
