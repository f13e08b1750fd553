using System.Net;

namespace CoderSdk.Configuration;

/// <summary>What a call's final response said, before its body is read: status, headers and how many attempts it took.</summary>
public sealed class CoderResponseInfo
{
    private readonly HttpResponseMessage _response;

    internal CoderResponseInfo(HttpResponseMessage response, string method, string routeTemplate, int attempts)
    {
        _response = response;
        Method = method;
        RouteTemplate = routeTemplate;
        Attempts = attempts;
    }

    /// <summary>The HTTP status coderd answered with.</summary>
    public HttpStatusCode StatusCode => _response.StatusCode;

    /// <summary>The response headers (read them during the callback or keep the values you need; the response is the SDK's).</summary>
    public System.Net.Http.Headers.HttpResponseHeaders Headers => _response.Headers;

    /// <summary>The HTTP method of the call.</summary>
    public string Method { get; }

    /// <summary>The route template of the generated operation (e.g. <c>/api/v2/workspaces/{workspace}</c>), or the path of a request sent with <see cref="ICoderClient.SendAsync"/>.</summary>
    public string RouteTemplate { get; }

    /// <summary>How many times the request was sent (1 when it was not retried).</summary>
    public int Attempts { get; }

    /// <summary>The first value of a response or content header, or null when the response has none by that name.</summary>
    /// <param name="name">The header name, any case.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? GetHeader(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _response.Headers.TryGetValues(name, out var values) || _response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;
    }

    /// <summary>Describes the response: method, route, status and attempts (never header values).</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() => $"{Method} {RouteTemplate} -> {(int)StatusCode} after {Attempts} attempt(s)";
}
