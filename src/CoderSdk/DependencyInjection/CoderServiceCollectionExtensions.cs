using CoderSdk;
using CoderSdk.Configuration;
using CoderSdk.DependencyInjection;
using CoderSdk.Http;
using CoderSdk.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="ICoderClient"/> with dependency injection.</summary>
/// <remarks>
/// Each name (and the default, unnamed client) may be registered once. A second <c>AddCoderClient</c> for the same name
/// throws <see cref="InvalidOperationException"/> and leaves the first registration untouched: both calls would otherwise
/// stack their handler chains, so every retry would run inside another retry. To adjust a registered client, use
/// <c>services.Configure&lt;CoderClientOptions&gt;(name, ...)</c> or the <see cref="IHttpClientBuilder"/> the first call returned.
/// </remarks>
public static class CoderServiceCollectionExtensions
{
    /// <summary>The prefix of the named <see cref="HttpClient"/> the SDK registers for each deployment.</summary>
    public const string HttpClientNamePrefix = CoderClientFactory.HttpClientNamePrefix;

    /// <summary>
    /// Registers the default <see cref="ICoderClient"/>, configured by a delegate. The options are validated when the
    /// host starts. Returns the <see cref="IHttpClientBuilder"/> so you can add your own handlers.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the HTTP client behind the Coder client.</returns>
    /// <exception cref="InvalidOperationException">The default Coder client is already registered.</exception>
    public static IHttpClientBuilder AddCoderClient(this IServiceCollection services, Action<CoderClientOptions> configure) =>
        services.AddCoderClient(Options.Options.DefaultName, configure);

    /// <summary>
    /// Registers the default <see cref="ICoderClient"/> from a configuration section with keys <c>Url</c>,
    /// <c>SessionToken</c>, <c>Headers:*</c>, <c>Resilience:*</c>, ... (README's "Configuration keys" lists every key).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section, e.g. <c>configuration.GetSection("Coder")</c>.</param>
    /// <returns>The builder of the HTTP client behind the Coder client.</returns>
    /// <exception cref="InvalidOperationException">The default Coder client is already registered.</exception>
    public static IHttpClientBuilder AddCoderClient(this IServiceCollection services, IConfiguration configuration) =>
        services.AddCoderClient(Options.Options.DefaultName, configuration);

    /// <summary>
    /// Registers a named <see cref="ICoderClient"/> for one of several deployments. Resolve it with
    /// <c>[FromKeyedServices(name)] ICoderClient</c> or <see cref="ICoderClientFactory.CreateClient(string)"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The deployment's name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the HTTP client behind this Coder client.</returns>
    /// <exception cref="InvalidOperationException">A Coder client is already registered under <paramref name="name"/>.</exception>
    public static IHttpClientBuilder AddCoderClient(this IServiceCollection services, string name, Action<CoderClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddCoderClientCore(name, builder => builder.Configure(configure));
    }

    /// <summary>Registers a named <see cref="ICoderClient"/> from a configuration section.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The deployment's name.</param>
    /// <param name="configuration">The section with keys <c>Url</c>, <c>SessionToken</c>, ....</param>
    /// <returns>The builder of the HTTP client behind this Coder client.</returns>
    /// <exception cref="InvalidOperationException">A Coder client is already registered under <paramref name="name"/>.</exception>
    public static IHttpClientBuilder AddCoderClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // Unknown keys are logged through the application's logging (AddHttpClient registers it). The change token
        // source makes the options monitor rebuild this name's options when the section reloads, so a rotated token
        // applies from the next request on; each name follows its own section.
        return services.AddCoderClientCore(name, builder =>
        {
            builder.Configure<ILoggerFactory>((options, loggers) =>
                CoderOptionsBinder.Bind(configuration, options, loggers.CreateLogger(CoderOptionsBinder.LogCategory)));
            builder.Services.AddSingleton<IOptionsChangeTokenSource<CoderClientOptions>>(
                new ConfigurationChangeTokenSource<CoderClientOptions>(name, configuration));
        });
    }

    private static IHttpClientBuilder AddCoderClientCore(this IServiceCollection services, string name, Action<OptionsBuilder<CoderClientOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        // Checked before anything is added, so a rejected call leaves the first registration exactly as it was.
        if (services.Any(d => d.ServiceType == typeof(CoderClientRegistration) && d.ImplementationInstance is CoderClientRegistration r && r.Name == name))
        {
            var which = name.Length == 0 ? "The default (unnamed) Coder client" : $"A Coder client named '{name}'";
            var adjust = name.Length == 0 ? "services.Configure<CoderClientOptions>(...)" : $"services.Configure<CoderClientOptions>(\"{name}\", ...)";
            throw new InvalidOperationException(
                $"{which} is already registered: AddCoderClient was called twice for it, which would stack its handler chain twice " +
                $"and multiply retries. Register it once; to change its settings use {adjust} or the IHttpClientBuilder the first call returned.");
        }

        var optionsBuilder = services.AddOptions<CoderClientOptions>(name);
        configure(optionsBuilder);
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CoderClientOptions>, CoderClientOptionsValidator>());
        services.TryAddSingleton<ICoderClientFactory, CoderClientFactory>();
        services.AddSingleton(new CoderClientRegistration(name));

        var httpClientName = CoderClientFactory.HttpClientName(name);
        // Timeouts belong to the resilience pipeline; handlers chained on the returned builder run inside it, once per attempt.
        var http = services.AddHttpClient(httpClientName)
            // The named client is addressed to its deployment, so a caller's own Refit interface over it works with
            // relative routes; its handlers refuse any other origin (CoderForeignOriginException).
            .ConfigureHttpClient((sp, client) =>
            {
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.BaseAddress = Get(sp, name).BaseUrl;
            })
            .ConfigurePrimaryHttpMessageHandler(sp => CoderHttpPipeline.CreatePrimaryHandler(Get(sp, name), Log(sp, name)))
            .ConfigureAdditionalHttpMessageHandlers((handlers, sp) =>
            {
                // The token, extra headers and header command follow a configuration reload: the auth step reads the
                // options monitor per request (a cached lookup until the section changes).
                var monitor = sp.GetRequiredService<IOptionsMonitor<CoderClientOptions>>();
                foreach (var handler in CoderHttpPipeline.CreateHandlers(monitor.Get(name), Log(sp, name), () => monitor.Get(name)))
                {
                    handlers.Add(handler);
                }
            })
            .RedactLoggedHeaders(CoderHttpText.IsSecretHeader)
            // IHttpClientFactory's own request logs redact header values in their message only: their structured
            // state still carries the raw Coder-Session-Token, which a structured sink (JSON console, OpenTelemetry)
            // would store. The SDK logs every attempt itself, redacted (CoderSdk.Http), so the factory's loggers go.
            .RemoveAllLoggers()
            // The primary handler recycles pooled connections itself; rotating handlers would only break open streams.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        if (name == Options.Options.DefaultName)
        {
            services.TryAddSingleton<ICoderClient>(sp => sp.GetRequiredService<ICoderClientFactory>().CreateClient(name));
        }
        else
        {
            services.TryAddKeyedSingleton<ICoderClient>(name, (sp, _) => sp.GetRequiredService<ICoderClientFactory>().CreateClient(name));
        }

        return http;
    }

    private static CoderClientOptions Get(IServiceProvider sp, string name) =>
        sp.GetRequiredService<IOptionsMonitor<CoderClientOptions>>().Get(name);

    private static CoderHttpLog Log(IServiceProvider sp, string name) =>
        CoderHttpLog.Create(Get(sp, name).LoggerFactory ?? sp.GetService<ILoggerFactory>());
}
