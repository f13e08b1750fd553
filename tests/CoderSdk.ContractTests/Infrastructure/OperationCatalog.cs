using System.Reflection;
using CoderSdk.Apis;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>The HTTP method and route template a Refit attribute names.</summary>
internal sealed record CoderEndpointAttribute(string Method, string Route)
{
    public static CoderEndpointAttribute? Of(MethodInfo method) =>
        method.GetCustomAttribute<Refit.HttpMethodAttribute>(inherit: true) is { } refit ? new(refit.Method.Method, refit.Path) : null;
}

/// <summary>One SDK method reachable from <see cref="ICoderClient"/>, with the endpoint its attribute names.</summary>
internal sealed record ContractOperation(IReadOnlyList<PropertyInfo> AreaPath, MethodInfo Method, CoderEndpointAttribute? Endpoint)
{
    public string AreaName => string.Join('.', AreaPath.Select(p => p.Name));

    public string MethodName => AreaName + "." + Method.Name;

    /// <summary>The test-case name: method and route, then the SDK member.</summary>
    public string Key => Endpoint is null
        ? $"(no endpoint attribute) [{MethodName}{Signature}]"
        : $"{Endpoint.Method} {Endpoint.Route} [{MethodName}{Signature}]";

    /// <summary>Overloads are told apart by their parameter types; a single method needs no signature.</summary>
    public string Signature { get; init; } = string.Empty;

    public object ResolveArea(ICoderClient client)
    {
        object area = client;
        foreach (var property in AreaPath)
        {
            area = property.GetValue(area) ?? throw new InvalidOperationException($"{AreaName} returned null.");
        }

        return area;
    }
}

/// <summary>
/// Walks <see cref="ICoderClient"/> by reflection: every interface-typed property is an API area (areas may nest),
/// every method of an area is an operation. Nothing is listed by hand, so the contract tests grow with the SDK.
/// </summary>
internal static class OperationCatalog
{
    private const int MaxAreaDepth = 4;

    private static readonly Lazy<IReadOnlyList<ContractOperation>> Discovered = new(Discover);

    public static IReadOnlyList<ContractOperation> All => Discovered.Value;

    public static ContractOperation Get(string key) =>
        All.FirstOrDefault(o => o.Key == key) ?? throw new ArgumentException($"No SDK operation is named '{key}'.", nameof(key));

    /// <summary>Interfaces reachable from the client through properties, with the property path to each.</summary>
    public static IEnumerable<(IReadOnlyList<PropertyInfo> Path, Type Area)> Areas()
    {
        var pending = new Queue<(IReadOnlyList<PropertyInfo> Path, Type Type)>();
        pending.Enqueue(([], typeof(ICoderClient)));
        while (pending.Count > 0)
        {
            var (path, type) = pending.Dequeue();
            foreach (var property in PublicProperties(type).OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                // client.Streams holds WebSocket and SSE streams, which Prism does not serve: the streaming tests check
                // them against the fake coderd.
                if (property.PropertyType.IsInterface && property.PropertyType.Assembly == typeof(ICoderClient).Assembly && path.Count < MaxAreaDepth &&
                    property.PropertyType != typeof(ICoderStreams))
                {
                    IReadOnlyList<PropertyInfo> areaPath = [.. path, property];
                    yield return (areaPath, property.PropertyType);
                    pending.Enqueue((areaPath, property.PropertyType));
                }
            }
        }
    }

    /// <summary>
    /// Every public method an interface declares or inherits, property accessors excluded. Hand-written workflows
    /// (waits, the lifecycle, pagers) are extension methods: they compose operations checked here.
    /// </summary>
    public static IEnumerable<MethodInfo> Methods(Type area) =>
        new[] { area }.Concat(area.GetInterfaces())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Where(m => !m.IsSpecialName);

    private static IEnumerable<PropertyInfo> PublicProperties(Type type) =>
        new[] { type }.Concat(type.GetInterfaces()).SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance));

    private static IReadOnlyList<ContractOperation> Discover()
    {
        var operations = new List<ContractOperation>();
        foreach (var (path, area) in Areas())
        {
            var methods = Methods(area).ToList();
            foreach (var method in methods)
            {
                var overloaded = methods.Count(m => m.Name == method.Name) > 1;
                operations.Add(new ContractOperation(path, method, CoderEndpointAttribute.Of(method))
                {
                    Signature = overloaded ? "(" + string.Join(", ", method.GetParameters().Select(p => p.ParameterType.Name)) + ")" : string.Empty,
                });
            }
        }

        return operations
            .OrderBy(o => o.Endpoint?.Route ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(o => o.Endpoint?.Method ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(o => o.Key, StringComparer.Ordinal)
            .ToList();
    }
}
