namespace CoderSdk.Errors;

/// <summary>
/// A request that is not idempotent (POST, PATCH) failed after it may have reached coderd: the connection broke after
/// the request was sent, the response was cut short, or an attempt timed out. coderd may or may not have acted on it, so
/// the SDK did not repeat it. Check the outcome (for example, look the resource up) before you send it again.
/// </summary>
/// <remarks>It is an <see cref="HttpRequestException"/>, so code that catches transport failures still catches it.</remarks>
public sealed class CoderOutcomeUnknownException : HttpRequestException, ICoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="routeTemplate">The operation's route template.</param>
    /// <param name="innerException">The failure that made the outcome unknown.</param>
    public CoderOutcomeUnknownException(string method, string routeTemplate, Exception innerException)
        : base(
            (innerException as HttpRequestException)?.HttpRequestError ?? HttpRequestError.Unknown,
            $"{method} {routeTemplate}: the request may have reached coderd before it failed ({innerException?.Message}); " +
            $"it was not repeated because {method} is not idempotent. Check whether it took effect before sending it again.",
            innerException,
            (innerException as HttpRequestException)?.StatusCode)
    {
        Method = method;
        RouteTemplate = routeTemplate;
    }

    /// <summary>The HTTP method of the request.</summary>
    public string Method { get; }

    /// <summary>The operation's route template.</summary>
    public string RouteTemplate { get; }
}
