using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CoderSdk.Tests.Support;

/// <summary>Hosts whose default Coder client is bound from an in-memory <c>Coder</c> configuration section.</summary>
internal static class TestHosts
{
    /// <summary>A built (not started) host with <c>AddCoderClient(configuration.GetSection("Coder"))</c>.</summary>
    /// <param name="coder">The section's keys without the <c>Coder:</c> prefix, e.g. <c>Resilience:TotalTimeout</c>.</param>
    public static IHost WithCoderSection(Dictionary<string, string?> coder)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(coder.Select(setting => KeyValuePair.Create("Coder:" + setting.Key, setting.Value)))
            .Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCoderClient(configuration.GetSection("Coder"));
        return builder.Build();
    }
}
