using System.Net.WebSockets;

namespace CoderSdk.Errors;

/// <summary>
/// A live stream (log follow, workspace or metadata watch) failed in a way reconnecting cannot fix. The message names
/// the stream (<c>GET /api/v2/workspacebuilds/{workspacebuild}/logs</c>) and says what went wrong.
/// </summary>
/// <remarks>
/// A server that sends what the stream cannot carry (<see cref="CoderStreamFailure.MalformedFrame"/>,
/// <see cref="CoderStreamFailure.ProtocolViolation"/>, <see cref="CoderStreamFailure.MessageTooLarge"/>) or an
/// <see cref="CoderStreamFailure.ErrorEvent"/> ends the stream at once, without reconnecting: every item before it was
/// delivered. Connection failures the SDK could not recover from surface as
/// <see cref="CoderStreamFailure.ReconnectsExhausted"/> with the last failure as <see cref="Exception.InnerException"/>
/// (a <see cref="CoderStreamInterruptedException"/> when the connection ended early, with the close status and
/// reason); refused upgrades (401, 403, 404, 410, a refused redirect, ...) surface as the matching
/// <see cref="CoderApiException"/> subclass instead, and cancellation stays <see cref="OperationCanceledException"/>.
/// Text from the server in the message is masked (<c>****</c>) where it repeats the session token or a header value.
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
        : this(info, failure, frameNumber, closeStatus, null, innerException)
    {
    }

    /// <summary>Creates the exception with the close reason the server gave.</summary>
    /// <param name="info">The stream's request and what coderd sent.</param>
    /// <param name="failure">Why the stream failed.</param>
    /// <param name="frameNumber">The 1-based number of the offending frame within its connection, when there is one.</param>
    /// <param name="closeStatus">The WebSocket close status of the last connection, if it was closed.</param>
    /// <param name="closeDescription">The reason text of that close, if the server sent one.</param>
    /// <param name="innerException">The parser's or the transport's exception.</param>
    public CoderStreamException(CoderErrorInfo info, CoderStreamFailure failure, long? frameNumber, WebSocketCloseStatus? closeStatus, string? closeDescription, Exception? innerException)
        : base(info, innerException)
    {
        Failure = failure;
        FrameNumber = frameNumber;
        CloseStatus = closeStatus;
        CloseDescription = closeDescription;
    }

    /// <summary>Why the stream failed.</summary>
    public CoderStreamFailure Failure { get; }

    /// <summary>The 1-based number of the offending frame or event within its connection.</summary>
    public long? FrameNumber { get; }

    /// <summary>The WebSocket close status of the last connection, if coderd closed it.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The reason text coderd gave with <see cref="CloseStatus"/>, if any (masked like the message).</summary>
    public string? CloseDescription { get; }

    /// <summary>The stream's route template, e.g. <c>/api/v2/workspaces/{workspace}/watch-ws</c>.</summary>
    public string StreamName => RouteTemplate;
}
