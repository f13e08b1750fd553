using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.Generator.Naming;

/// <summary>
/// Public type names in the namespaces generated files import (the SDK's implicit usings and System.Text.Json). A model
/// with one of these names would make references ambiguous outside <c>CoderSdk.Models</c>, so the generator refuses it.
/// </summary>
internal static class FrameworkNames
{
    private static readonly string[] Namespaces =
    [
        "System", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
        "System.Collections.Generic", "System.Text.Json", "System.Text.Json.Serialization",
    ];

    private static readonly Assembly[] Assemblies =
    [
        typeof(object).Assembly, typeof(Enumerable).Assembly, typeof(HttpClient).Assembly, typeof(List<>).Assembly,
        typeof(JsonSerializer).Assembly, typeof(JsonConverter).Assembly, typeof(File).Assembly, typeof(Uri).Assembly,
    ];

    /// <summary>
    /// Names that are not in the imported namespaces but that files using the SDK commonly import alongside
    /// <c>CoderSdk.Models</c>: <c>Microsoft.Extensions.Logging.LogLevel</c> (every ASP.NET Core app), and <c>Request</c> /
    /// <c>Response</c>: WireMock's builders (<c>WireMock.RequestBuilders</c>, <c>WireMock.ResponseBuilders</c>), which the
    /// README's test recipe imports next to the models, and names readers take for HTTP messages.
    /// </summary>
    public static IReadOnlySet<string> Common { get; } = new HashSet<string>(StringComparer.Ordinal) { "LogLevel", "Request", "Response" };

    /// <summary>True when a model of this name would be ambiguous or misleading next to .NET's own types.</summary>
    public static bool Collides(string name) => All.Contains(name) || Common.Contains(name);

    public static IReadOnlySet<string> All { get; } = Assemblies
        .Distinct()
        .SelectMany(a => a.GetExportedTypes())
        .Where(t => !t.IsNested && t.Namespace is not null && Namespaces.Contains(t.Namespace))
        .Select(t => t.Name.Split('`')[0])
        .ToHashSet(StringComparer.Ordinal);
}
