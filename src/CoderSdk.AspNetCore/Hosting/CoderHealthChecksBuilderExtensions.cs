using CoderSdk;
using CoderSdk.AspNetCore.Hosting;
using CoderSdk.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the health check of a Coder deployment.</summary>
public static class CoderHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a <see cref="CoderHealthCheck"/> of the default <see cref="ICoderClient"/>, or of the named one when
    /// <paramref name="clientName"/> is given (register it with <c>AddCoderClient</c>).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="clientName">The name given to <c>AddCoderClient</c>; null for the default client.</param>
    /// <param name="name">The check's name in the report; by default <c>coder</c>, or <c>coder:&lt;clientName&gt;</c>.</param>
    /// <param name="failureStatus">What an unreachable coderd or a refused token reports; Unhealthy when null.</param>
    /// <param name="tags">Tags to filter the check by.</param>
    /// <param name="timeout">How long the check may take; none when null.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddCoder(
        this IHealthChecksBuilder builder,
        string? clientName = null,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        name ??= string.IsNullOrEmpty(clientName) ? "coder" : "coder:" + clientName;
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new CoderHealthCheck(string.IsNullOrEmpty(clientName)
                ? sp.GetRequiredService<ICoderClient>()
                : sp.GetRequiredService<ICoderClientFactory>().CreateClient(clientName)),
            failureStatus,
            tags,
            timeout));
    }
}
