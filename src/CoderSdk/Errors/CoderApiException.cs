using System.Net;
using System.Net.Http.Headers;

namespace CoderSdk.Errors;

/// <summary>
/// coderd answered, but not with the success status the operation documents, or with a body the SDK could not read.
/// </summary>
/// <remarks>
/// The message has the form <c>GET /api/v2/workspaces/{workspace}: 404 Not Found: message: detail</c>. It names the
/// route template rather than the concrete path and never contains the query string, request headers or the session
/// token, so it is safe to log. The concrete path is in <see cref="RequestPath"/>.
/// Transport failures are not wrapped: they stay <see cref="HttpRequestException"/>, and cancellation stays
/// <see cref="OperationCanceledException"/>.
/// </remarks>
public class CoderApiException : CoderException
{
    /// <summary>Creates the exception from the parts of a failed exchange.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    // RS0027 (the overload with optional parameters should have the most parameters): the longer protected overload's
    // extra parameter is required, so no call can bind to a different constructor (docs/public-api.md).
#pragma warning disable RS0027
    public CoderApiException(CoderErrorInfo info, Exception? innerException = null)
#pragma warning restore RS0027
        : base(info?.ToMessage() ?? throw new ArgumentNullException(nameof(info)), innerException)
    {
        Info = info;
    }

    /// <summary>Creates the exception with a message of a subclass's own (which, like every message, must not hold a secret).</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    protected CoderApiException(CoderErrorInfo info, string message, Exception? innerException)
        : base(message, innerException)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info = info;
    }

    /// <summary>Everything the SDK captured about the failed exchange.</summary>
    public CoderErrorInfo Info { get; }

    /// <summary>The HTTP status coderd returned.</summary>
    public HttpStatusCode StatusCode => Info.StatusCode;

    /// <summary>The <c>message</c> field of coderd's error body, or a description of the body when it was not coderd's JSON.</summary>
    public string CoderMessage => Info.CoderMessage;

    /// <summary>The <c>detail</c> field of coderd's error body, when it sent one.</summary>
    public string? Detail => Info.Detail;

    /// <summary>Per-field validation failures coderd listed (empty when it listed none).</summary>
    public IReadOnlyList<CoderValidationError> Validations => Info.Validations;

    /// <summary>The HTTP method of the request.</summary>
    public string RequestMethod => Info.Method;

    /// <summary>The route template of the operation, e.g. <c>/api/v2/workspaces/{workspace}</c>.</summary>
    public string RouteTemplate => Info.RouteTemplate;

    /// <summary>The concrete request path without its query string.</summary>
    public string RequestPath => Info.RequestPath;

    /// <summary>The response headers (never the request's, so no token).</summary>
    public HttpResponseHeaders? ResponseHeaders => Info.ResponseHeaders;

    /// <summary>The start of the raw response body, at most <see cref="CoderErrorInfo.MaxBodyCaptureBytes"/> bytes as text.</summary>
    public string? ResponseBody => Info.ResponseBody;
}
