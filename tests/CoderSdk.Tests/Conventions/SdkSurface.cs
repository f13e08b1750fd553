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

    /// <summary>Every method of the area interfaces: each calls one operation (Refit implements them).</summary>
    public static IReadOnlyList<MethodInfo> AreaMethods { get; } = AreaInterfaces.SelectMany(t => t.GetMethods()).ToList();

    /// <summary>
    /// The hand-written workflows (streams, waits, pagers, lifecycle steps): public static extension methods whose
    /// first parameter is an area interface.
    /// </summary>
    public static IReadOnlyList<MethodInfo> WorkflowMethods { get; } = Assembly.GetExportedTypes()
        .Where(t => t.IsAbstract && t.IsSealed && t.Name.EndsWith("ApiExtensions", StringComparison.Ordinal) && !t.Name.EndsWith("FormExtensions", StringComparison.Ordinal))
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
        .Where(m => m.GetParameters() is [var first, ..] && AreaInterfaces.Contains(first.ParameterType))
        .ToList();

    /// <summary>
    /// Every model: the public records and enumerations of <c>CoderSdk.Models</c> (not the generic pieces they share,
    /// <c>ICoderEnum&lt;T&gt;</c> and <c>CoderEnumJsonConverter&lt;T&gt;</c>).
    /// </summary>
    public static IReadOnlyList<Type> Models { get; } = Assembly.GetExportedTypes()
        .Where(t => t.Namespace == "CoderSdk.Models" && !t.IsGenericTypeDefinition)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>The HTTP method and route of an area method, from its Refit attribute.</summary>
    public static Endpoint Endpoint(MethodInfo method)
    {
        var attribute = Assert.Single(method.GetCustomAttributes<Refit.HttpMethodAttribute>());
        return new Endpoint(attribute.Method.Method, attribute.Path);
    }
}

/// <summary>An area method's HTTP method and route template.</summary>
internal sealed record Endpoint(string Method, string Route)
{
}
