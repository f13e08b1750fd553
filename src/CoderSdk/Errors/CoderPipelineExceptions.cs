using System.Net;
using Polly;

namespace CoderSdk;

/// <summary>
/// coderd answered with a redirect the SDK refuses to follow: to another origin (the session token must never go
/// there), from https down to http, or one hop too many. Nothing was sent to the redirect's target.
/// </summary>
public sealed class CoderRedirectException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back (the redirect response).</param>
    /// <param name="targetOrigin">The scheme, host and port the redirect pointed to, without path or query.</param>
    public CoderRedirectException(CoderErrorInfo info, string? targetOrigin)
        : base(info)
    {
        TargetOrigin = targetOrigin;
    }

    /// <summary>Where the redirect pointed (scheme, host and port only), when it had a target.</summary>
    public string? TargetOrigin { get; }
}

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

/// <summary>
/// The client already had <see cref="CoderResilienceOptions.MaxConcurrentRequests"/> requests in flight, so this one was
/// refused without being sent. Like Polly's own rejections it is an <see cref="ExecutionRejectedException"/>.
/// </summary>
public sealed class CoderConcurrencyLimitExceededException : ExecutionRejectedException, ICoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The configured limit.</param>
    public CoderConcurrencyLimitExceededException(int limit)
        : base($"The Coder client already has {limit} requests in flight (Resilience.MaxConcurrentRequests); this one was not sent.")
    {
        Limit = limit;
    }

    /// <summary>The configured limit.</summary>
    public int Limit { get; }
}

/// <summary>
/// The header command (<see cref="CoderClientOptions.HeaderCommand"/>, <c>CODER_HEADER_COMMAND</c>) failed: it could not
/// start, exited with an error, timed out, or printed a line that is not <c>key=value</c>. The request was not sent.
/// The message never repeats header values.
/// </summary>
public sealed class CoderHeaderCommandException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    /// <param name="exitCode">The command's exit code, when it ran to the end.</param>
    public CoderHeaderCommandException(string message, Exception? innerException = null, int? exitCode = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The command's exit code, when it exited with an error.</summary>
    public int? ExitCode { get; }
}

/// <summary>Builds the <see cref="CoderErrorInfo"/> of a response the pipeline itself rejects.</summary>
internal static class CoderPipelineErrors
{
    public static CoderErrorInfo Describe(HttpRequestMessage request, HttpResponseMessage response, string message) => new()
    {
        Method = request.Method.Method,
        RouteTemplate = Http.CoderHttpText.RouteOf(request),
        RequestPath = request.RequestUri?.AbsolutePath ?? string.Empty,
        StatusCode = response.StatusCode,
        CoderMessage = message,
        ResponseHeaders = response.Headers,
        ReceivedAt = response.Headers.Date,
    };

    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
