namespace CoderSdk;

/// <summary>
/// Names the HTTP method and route template an SDK method calls, so a reader (or a tool using reflection) can see
/// exactly which coderd endpoint is behind it.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public abstract class CoderEndpointAttribute : Attribute
{
    /// <summary>Records the method and route.</summary>
    /// <param name="method">The HTTP method, upper case.</param>
    /// <param name="route">The route template, e.g. <c>/api/v2/workspaces/{workspace}</c>.</param>
    protected CoderEndpointAttribute(string method, string route)
    {
        Method = method;
        Route = route;
    }

    /// <summary>The HTTP method, upper case.</summary>
    public string Method { get; }

    /// <summary>The route template.</summary>
    public string Route { get; }
}

/// <summary>The method sends <c>GET</c> to <see cref="CoderEndpointAttribute.Route"/>.</summary>
/// <param name="route">The route template.</param>
public sealed class GetAttribute(string route) : CoderEndpointAttribute("GET", route);

/// <summary>The method sends <c>POST</c> to <see cref="CoderEndpointAttribute.Route"/>.</summary>
/// <param name="route">The route template.</param>
public sealed class PostAttribute(string route) : CoderEndpointAttribute("POST", route);

/// <summary>The method sends <c>PUT</c> to <see cref="CoderEndpointAttribute.Route"/>.</summary>
/// <param name="route">The route template.</param>
public sealed class PutAttribute(string route) : CoderEndpointAttribute("PUT", route);

/// <summary>The method sends <c>PATCH</c> to <see cref="CoderEndpointAttribute.Route"/>.</summary>
/// <param name="route">The route template.</param>
public sealed class PatchAttribute(string route) : CoderEndpointAttribute("PATCH", route);

/// <summary>The method sends <c>DELETE</c> to <see cref="CoderEndpointAttribute.Route"/>.</summary>
/// <param name="route">The route template.</param>
public sealed class DeleteAttribute(string route) : CoderEndpointAttribute("DELETE", route);
