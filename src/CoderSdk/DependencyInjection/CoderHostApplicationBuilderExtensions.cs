using CoderSdk;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers <see cref="ICoderClient"/> on a host builder (<c>WebApplication.CreateBuilder</c>,
/// <c>Host.CreateApplicationBuilder</c>) from the builder's own configuration.
/// </summary>
/// <remarks>
/// These are shorthands for <see cref="CoderServiceCollectionExtensions.AddCoderClient(IServiceCollection, string, Configuration.IConfiguration)"/>
/// over a section of <see cref="IHostApplicationBuilder.Configuration"/>, so a worker service needs nothing beyond the
/// CoderSdk package. The section's keys are the ones that overload reads (<c>Url</c>, <c>SessionToken</c>, ...).
/// </remarks>
public static class CoderHostApplicationBuilderExtensions
{
    /// <summary>The configuration section the default client is read from: <c>Coder</c>.</summary>
    public const string DefaultSectionName = "Coder";

    /// <summary>Registers the default <see cref="ICoderClient"/> from the <c>Coder</c> section of the builder's configuration.</summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The builder of the HTTP client behind the Coder client.</returns>
    /// <exception cref="InvalidOperationException">The default Coder client is already registered.</exception>
    public static IHttpClientBuilder AddCoderClient(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Services.AddCoderClient(Options.Options.DefaultName, builder.Configuration.GetSection(DefaultSectionName));
    }

    /// <summary>
    /// Registers a named <see cref="ICoderClient"/> from a section of the builder's configuration. The default client
    /// (an empty <paramref name="name"/>) reads <paramref name="sectionName"/> too, when one is given.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="name">The deployment's name (empty for the default client).</param>
    /// <param name="sectionName">The section's path, e.g. <c>Coder:Staging</c>; by default <c>Coder:&lt;name&gt;</c>, or <c>Coder</c> for the default client.</param>
    /// <returns>The builder of the HTTP client behind this Coder client.</returns>
    /// <exception cref="InvalidOperationException">A Coder client is already registered under <paramref name="name"/>.</exception>
    public static IHttpClientBuilder AddCoderClient(this IHostApplicationBuilder builder, string name, string? sectionName = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        sectionName ??= name.Length == 0 ? DefaultSectionName : DefaultSectionName + ":" + name;
        return builder.Services.AddCoderClient(name, builder.Configuration.GetSection(sectionName));
    }
}
