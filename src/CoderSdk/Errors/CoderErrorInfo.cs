using System.Net;
using System.Net.Http.Headers;

namespace CoderSdk.Errors;

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
