using CoderSdk.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint coderd's notification webhook posts to.</summary>
public static class CoderWebhookEndpointRouteBuilderExtensions
{
    /// <summary>The log category of the webhook endpoint.</summary>
    public const string LogCategory = "CoderSdk.AspNetCore.Webhooks";

    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c> to the webhook receiver configured with
    /// <c>services.AddCoderWebhooks(...)</c>. Point coderd at it with <c>CODER_NOTIFICATIONS_WEBHOOK_ENDPOINT</c>.
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="pattern">The route, e.g. <c>/coder/webhook</c>.</param>
    /// <returns>The endpoint's builder, for conventions such as <c>RequireHost</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddCoderWebhooks</c> was not called.</exception>
    public static IEndpointConventionBuilder MapCoderWebhooks(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<CoderWebhookMarker>() is null)
        {
            throw new InvalidOperationException(
                "MapCoderWebhooks needs the webhook services: call builder.Services.AddCoderWebhooks(o => ...) before building the app.");
        }

        var endpoint = new CoderWebhookEndpoint(
            services.GetRequiredService<IOptions<CoderWebhookOptions>>().Value,
            services.GetRequiredService<ICoderWebhookDeliveryStore>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory));
        return endpoints.MapPost(pattern, (RequestDelegate)endpoint.HandleAsync);
    }
}
