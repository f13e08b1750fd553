using CoderSdk.Configuration;

namespace CoderSdk.Errors;

/// <summary>
/// A request that went through a client's handlers was addressed to another origin (scheme, host and port) than the
/// client's deployment, <see cref="CoderClientOptions.BaseUrl"/>. The handlers carry the session token and the
/// configured headers, so they refuse such a request before anything is sent: no connection is opened to the other
/// origin. This covers every way into the handlers: the areas, the streams, the named <see cref="HttpClient"/> that
/// <c>AddCoderClient</c> registers and any Refit interface a caller builds over it.
/// </summary>
/// <remarks>To call another service, use an <see cref="HttpClient"/> of its own; it must not share the SDK's handlers.</remarks>
public sealed class CoderForeignOriginException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The HTTP method of the refused request.</param>
    /// <param name="requestOrigin">The origin the request was addressed to (no path or query).</param>
    /// <param name="deploymentOrigin">The origin of the client's deployment.</param>
    public CoderForeignOriginException(string method, string requestOrigin, string deploymentOrigin)
        : base($"{method} {requestOrigin}: the request is addressed to another origin than the client's deployment ({deploymentOrigin}). " +
               "The SDK's handlers send the session token and configured headers only to their deployment, so nothing was sent; " +
               "use a separate HttpClient for other services.")
    {
        Method = method;
        RequestOrigin = requestOrigin;
        DeploymentOrigin = deploymentOrigin;
    }

    /// <summary>The HTTP method of the refused request.</summary>
    public string Method { get; }

    /// <summary>The scheme, host and port the request was addressed to.</summary>
    public string RequestOrigin { get; }

    /// <summary>The scheme, host and port of the client's deployment.</summary>
    public string DeploymentOrigin { get; }
}
