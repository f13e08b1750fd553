using CoderSdk.AspNetCore.Hosting;
using Microsoft.AspNetCore.Diagnostics;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the ProblemDetails mapping of the SDK's exceptions.</summary>
public static class CoderProblemDetailsServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IExceptionHandler"/> that answers the SDK's exceptions with ProblemDetails (the mapping
    /// is <see cref="CoderProblemDetails"/>), and the ProblemDetails service. The app still calls
    /// <c>app.UseExceptionHandler()</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; may be null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddCoderProblemDetails(this IServiceCollection services, Action<CoderProblemDetailsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddProblemDetails();
        services.AddExceptionHandler<CoderExceptionHandler>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }
}
