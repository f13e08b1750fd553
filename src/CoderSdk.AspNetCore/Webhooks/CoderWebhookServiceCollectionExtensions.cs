using CoderSdk.AspNetCore.Webhooks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the receiver of coderd's notification webhook.</summary>
public static class CoderWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers the webhook receiver's options and the default <see cref="ICoderWebhookDeliveryStore"/> (in memory,
    /// on the registered <see cref="TimeProvider"/> or the system clock). Map the endpoint with <c>app.MapCoderWebhooks(...)</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Adds the handlers and sets the limits; may be called again to add more.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCoderWebhooks(this IServiceCollection services, Action<CoderWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.TryAddSingleton<CoderWebhookMarker>();
        services.TryAddSingleton<ICoderWebhookDeliveryStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CoderWebhookOptions>>().Value;
            return new InMemoryCoderWebhookDeliveryStore(sp.GetService<TimeProvider>() ?? TimeProvider.System, options.DeduplicationWindow, options.MaxTrackedDeliveries);
        });
        return services;
    }
}
