using CoderSdk.Configuration;
using CoderSdk.Errors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CoderSdk.DependencyInjection;

/// <summary>The <see cref="ICoderClientFactory"/> DI registers: one client per registered name, made on first use and disposed with the container.</summary>
internal sealed class CoderClientFactory(IHttpClientFactory httpClients, IOptionsMonitor<CoderClientOptions> options, IServiceProvider services) : ICoderClientFactory, IDisposable
{
    /// <summary>The prefix of the named <see cref="HttpClient"/> each registration gets.</summary>
    public const string HttpClientNamePrefix = "CoderSdk";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<CoderClient>> _clients = new(StringComparer.Ordinal);

    /// <summary>The name of the <see cref="HttpClient"/> of the registration <paramref name="name"/> (empty for the default one).</summary>
    public static string HttpClientName(string name) =>
        name.Length == 0 ? HttpClientNamePrefix : HttpClientNamePrefix + ":" + name;

    public ICoderClient CreateClient(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _clients.GetOrAdd(name, n => new Lazy<CoderClient>(() => Create(n))).Value;
    }

    private CoderClient Create(string name)
    {
        if (!services.GetServices<CoderClientRegistration>().Any(r => r.Name == name))
        {
            throw new InvalidOperationException($"No Coder client is registered under the name '{name}'. Call services.AddCoderClient(\"{name}\", ...).");
        }

        var settings = options.Get(name);
        var http = httpClients.CreateClient(HttpClientName(name));
        return new CoderClient(http, settings, ownsClient: false, settings.LoggerFactory ?? services.GetService<ILoggerFactory>());
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            if (client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }
    }
}

/// <summary>
/// Validates each name's options. The first validation of a name (at start-up, or at first use) fails with every
/// problem listed. A later one comes from a configuration reload: failing it would throw inside the configuration
/// provider's reload (a file watcher's callback, a secret store's refresh), so it logs the problems instead, and the
/// client's next call fails with <see cref="CoderConfigurationException"/> before anything is sent.
/// </summary>
internal sealed class CoderClientOptionsValidator(ILoggerFactory? loggers = null) : IValidateOptions<CoderClientOptions>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _passed = new(StringComparer.Ordinal);

    public ValidateOptionsResult Validate(string? name, CoderClientOptions options)
    {
        name ??= Microsoft.Extensions.Options.Options.DefaultName;
        var errors = options.GetValidationErrors();
        if (errors.Count == 0)
        {
            _passed[name] = true;
            return ValidateOptionsResult.Success;
        }

        var label = name.Length == 0 ? "the default Coder client" : $"the Coder client '{name}'";
        if (_passed.ContainsKey(name))
        {
            loggers?.CreateLogger(CoderOptionsBinder.LogCategory).LogError(
                "The reloaded settings of {Client} are unusable; its calls fail with CoderConfigurationException until they are fixed: {Errors}",
                label, string.Join(" ", errors));
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(errors.Select(e => $"{label}: {e}"));
    }
}

internal sealed record CoderClientRegistration(string Name);
