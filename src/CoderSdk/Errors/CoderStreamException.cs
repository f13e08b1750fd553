using System.Net;
using System.Net.WebSockets;
using CoderSdk.Http;

namespace CoderSdk;

/// <summary>Why a live stream failed.</summary>
public enum CoderStreamFailure
{
    /// <summary>A frame or event was not the JSON the stream carries; the items before it were delivered, nothing after it.</summary>
    MalformedFrame,

    /// <summary>coderd sent an <c>error</c> event (its message and detail are on the exception).</summary>
    ErrorEvent,

    /// <summary>The stream kept breaking and the reconnect attempts ran out.</summary>
    ReconnectsExhausted,
}

/// <summary>
/// A live stream (log follow, workspace or metadata watch) failed in a way reconnecting cannot fix. The message names
/// the stream (<c>GET /api/v2/workspacebuilds/{workspacebuild}/logs</c>) and says what went wrong.
/// </summary>
/// <remarks>
/// Connection failures the SDK could not recover from surface as <see cref="CoderStreamFailure.ReconnectsExhausted"/> with the last
/// failure as <see cref="Exception.InnerException"/>; refused upgrades (401, 403, 404, ...) surface as the matching
/// <see cref="CoderApiException"/> subclass instead, and cancellation stays <see cref="OperationCanceledException"/>.
/// </remarks>
public sealed class CoderStreamException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">The stream's request and what coderd sent.</param>
    /// <param name="failure">Why the stream failed.</param>
    /// <param name="frameNumber">The 1-based number of the offending frame within its connection, when there is one.</param>
    /// <param name="closeStatus">The WebSocket close status of the last connection, if it was closed.</param>
    /// <param name="innerException">The parser's or the transport's exception.</param>
    public CoderStreamException(CoderErrorInfo info, CoderStreamFailure failure, long? frameNumber = null, WebSocketCloseStatus? closeStatus = null, Exception? innerException = null)
        : base(info, innerException)
    {
        Failure = failure;
        FrameNumber = frameNumber;
        CloseStatus = closeStatus;
    }

    /// <summary>Why the stream failed.</summary>
    public CoderStreamFailure Failure { get; }

    /// <summary>The 1-based number of the offending frame or event within its connection.</summary>
    public long? FrameNumber { get; }

    /// <summary>The WebSocket close status of the last connection, if coderd closed it.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The stream's route template, e.g. <c>/api/v2/workspaces/{workspace}/watch-ws</c>.</summary>
    public string StreamName => RouteTemplate;

    internal static CoderErrorInfo Describe(CoderRequest request, HttpStatusCode status, string problem, string? detail = null, string? body = null) => new()
    {
        Method = request.Method.Method,
        RouteTemplate = request.RouteTemplate,
        RequestPath = request.BuildPath(),
        StatusCode = status,
        CoderMessage = problem,
        Detail = detail,
        ResponseBody = body,
        ReceivedAt = DateTimeOffset.UtcNow,
    };
}
