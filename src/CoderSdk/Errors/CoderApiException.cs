using System.Net;
using System.Net.Http.Headers;

namespace CoderSdk;

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

/// <summary>coderd answered 401 Unauthorized: the session token is missing, expired or revoked.</summary>
public sealed class CoderUnauthorizedException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    public CoderUnauthorizedException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
    {
    }
}

/// <summary>
/// coderd answered 403 Forbidden: the caller is known but lacks the permission. When coderd's message says a license
/// feature or an experiment is off instead, the exception is the more specific <see cref="CoderFeatureForbiddenException"/>.
/// </summary>
public class CoderForbiddenException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    // RS0027: as on CoderApiException, the longer overload's extra parameter is required.
#pragma warning disable RS0027
    public CoderForbiddenException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
#pragma warning restore RS0027
    {
    }

    /// <summary>Creates the exception with a message of a subclass's own.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    protected CoderForbiddenException(CoderErrorInfo info, string message, Exception? innerException) : base(info, message, innerException)
    {
    }
}

/// <summary>
/// coderd answered 404 Not Found. coderd also answers 404 for resources the caller may not see. When the server's
/// release does not have the operation at all, the exception is the more specific <see cref="CoderNotSupportedException"/>;
/// when a deployment setting hides the route, <see cref="CoderFeatureNotFoundException"/>.
/// </summary>
public class CoderNotFoundException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    // RS0027: as on CoderApiException, the longer overload's extra parameter is required.
#pragma warning disable RS0027
    public CoderNotFoundException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
#pragma warning restore RS0027
    {
    }

    /// <summary>Creates the exception with a message of a subclass's own.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    protected CoderNotFoundException(CoderErrorInfo info, string message, Exception? innerException) : base(info, message, innerException)
    {
    }
}

/// <summary>coderd answered 409 Conflict, for example because a build is already active on the workspace.</summary>
public class CoderConflictException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    public CoderConflictException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
    {
    }
}

/// <summary>
/// coderd answered 429 Too Many Requests (its default limit is 512 requests a minute per user and path) and the
/// SDK's retries, if any, did not get through.
/// </summary>
public sealed class CoderRateLimitedException : CoderApiException
{
    /// <summary>Creates the exception and reads the rate-limit headers from the response.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    public CoderRateLimitedException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
    {
        var headers = info.ResponseHeaders;
        if (headers is null)
        {
            return;
        }

        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            RetryAfter = delta;
        }
        else if (retryAfter?.Date is { } date && info.ReceivedAt is { } received)
        {
            RetryAfter = date > received ? date - received : TimeSpan.Zero;
        }

        RateLimitLimit = ReadLong(headers, "X-RateLimit-Limit");
        RateLimitRemaining = ReadLong(headers, "X-RateLimit-Remaining");
        if (ReadLong(headers, "X-RateLimit-Reset") is { } reset)
        {
            RateLimitReset = DateTimeOffset.FromUnixTimeSeconds(reset);
        }
    }

    /// <summary>How long coderd asked the caller to wait, from the <c>Retry-After</c> header.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The request budget of the current window (<c>X-RateLimit-Limit</c>).</summary>
    public long? RateLimitLimit { get; }

    /// <summary>Requests left in the current window (<c>X-RateLimit-Remaining</c>).</summary>
    public long? RateLimitRemaining { get; }

    /// <summary>When the window resets (<c>X-RateLimit-Reset</c>, Unix seconds).</summary>
    public DateTimeOffset? RateLimitReset { get; }

    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) &&
        long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}

/// <summary>
/// The operation's success status arrived, but its body could not be read as the documented JSON: it was empty,
/// HTML, cut short, or malformed. <see cref="JsonPath"/>, <see cref="LineNumber"/> and <see cref="BytePosition"/>
/// say where parsing stopped.
/// </summary>
public sealed class CoderInvalidResponseException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="jsonPath">Where in the document parsing stopped (e.g. <c>$.workspaces[3].name</c>), if known.</param>
    /// <param name="lineNumber">Zero-based line where parsing stopped, if known.</param>
    /// <param name="bytePosition">Zero-based byte offset within that line, if known.</param>
    /// <param name="innerException">The parser's or the transport's exception.</param>
    public CoderInvalidResponseException(CoderErrorInfo info, string? jsonPath, long? lineNumber, long? bytePosition, Exception? innerException)
        : base(info, innerException)
    {
        JsonPath = jsonPath;
        LineNumber = lineNumber;
        BytePosition = bytePosition;
    }

    /// <summary>The JSON path where parsing stopped, when the body was JSON.</summary>
    public string? JsonPath { get; }

    /// <summary>The zero-based line where parsing stopped.</summary>
    public long? LineNumber { get; }

    /// <summary>The zero-based byte offset within <see cref="LineNumber"/> where parsing stopped.</summary>
    public long? BytePosition { get; }
}

/// <summary>One per-field validation failure from coderd's error body.</summary>
/// <param name="Field">The request field coderd rejected.</param>
/// <param name="Detail">Why coderd rejected it.</param>
public sealed record CoderValidationError(string Field, string Detail);

/// <summary>The facts of a failed exchange, shared by every <see cref="CoderApiException"/>.</summary>
public sealed record CoderErrorInfo
{
    /// <summary>How much of a response body the SDK keeps for diagnostics.</summary>
    public const int MaxBodyCaptureBytes = 16 * 1024;

    /// <summary>The HTTP method.</summary>
    public required string Method { get; init; }

    /// <summary>The operation's route template.</summary>
    public required string RouteTemplate { get; init; }

    /// <summary>The concrete path, without query string.</summary>
    public required string RequestPath { get; init; }

    /// <summary>The status coderd returned.</summary>
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary>Coderd's <c>message</c>, or the SDK's description of what went wrong with the body.</summary>
    public required string CoderMessage { get; init; }

    /// <summary>Coderd's <c>detail</c>, if any.</summary>
    public string? Detail { get; init; }

    /// <summary>Field validation failures, if any.</summary>
    public IReadOnlyList<CoderValidationError> Validations { get; init; } = [];

    /// <summary>The response headers.</summary>
    public HttpResponseHeaders? ResponseHeaders { get; init; }

    /// <summary>The start of the raw body as text.</summary>
    public string? ResponseBody { get; init; }

    /// <summary>When the response arrived, used to turn an absolute <c>Retry-After</c> date into a delay.</summary>
    public DateTimeOffset? ReceivedAt { get; init; }

    /// <summary>The same one-line description the exception's message gives (never headers, so never a cookie or token).</summary>
    /// <returns>For example <c>GET /api/v2/users/{user}: 404 Not Found: ...</c>.</returns>
    public override string ToString() => ToMessage();

    internal string ToMessage()
    {
        var reason = ReasonPhrase(StatusCode);
        var text = $"{Method} {RouteTemplate}: {(int)StatusCode}{(reason.Length > 0 ? " " + reason : string.Empty)}: {CoderMessage}";
        if (!string.IsNullOrWhiteSpace(Detail))
        {
            text += ": " + Detail;
        }

        if (Validations.Count > 0)
        {
            text += " (" + string.Join("; ", Validations.Select(v => $"{v.Field}: {v.Detail}")) + ")";
        }

        return text;
    }

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.OK => "OK",
        HttpStatusCode.Created => "Created",
        HttpStatusCode.Accepted => "Accepted",
        HttpStatusCode.NoContent => "No Content",
        HttpStatusCode.MovedPermanently => "Moved Permanently",
        HttpStatusCode.Found => "Found",
        HttpStatusCode.SeeOther => "See Other",
        HttpStatusCode.TemporaryRedirect => "Temporary Redirect",
        HttpStatusCode.PermanentRedirect => "Permanent Redirect",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.Unauthorized => "Unauthorized",
        HttpStatusCode.Forbidden => "Forbidden",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.MethodNotAllowed => "Method Not Allowed",
        HttpStatusCode.Conflict => "Conflict",
        HttpStatusCode.Gone => "Gone",
        HttpStatusCode.PreconditionFailed => "Precondition Failed",
        HttpStatusCode.RequestEntityTooLarge => "Payload Too Large",
        HttpStatusCode.TooManyRequests => "Too Many Requests",
        HttpStatusCode.InternalServerError => "Internal Server Error",
        HttpStatusCode.NotImplemented => "Not Implemented",
        HttpStatusCode.BadGateway => "Bad Gateway",
        HttpStatusCode.ServiceUnavailable => "Service Unavailable",
        HttpStatusCode.GatewayTimeout => "Gateway Timeout",
        _ => string.Empty,
    };
}
