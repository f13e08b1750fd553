using System.Reflection;

namespace CoderSdk.Tests.Conventions;

/// <summary>The SDK's public surface, found by reflection: area interfaces and models.</summary>
internal static class SdkSurface
{
    public static Assembly Assembly { get; } = typeof(ICoderClient).Assembly;

    /// <summary>Every area interface an <see cref="ICoderClient"/> property exposes.</summary>
    public static IReadOnlyList<Type> AreaInterfaces { get; } = typeof(ICoderClient).GetProperties()
        .Select(p => p.PropertyType)
        .Where(t => t.IsInterface && t.Name.EndsWith("Api", StringComparison.Ordinal))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Every public method of the area interfaces.</summary>
    public static IReadOnlyList<MethodInfo> AreaMethods { get; } = AreaInterfaces.SelectMany(t => t.GetMethods()).ToList();

    /// <summary>Every public type in <c>CoderSdk.Models</c>.</summary>
    public static IReadOnlyList<Type> Models { get; } = Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "CoderSdk.Models")
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    public static CoderEndpointAttribute Endpoint(MethodInfo method) => Assert.Single(method.GetCustomAttributes<CoderEndpointAttribute>());
}
