using System.Net.WebSockets;
using CoderSdk.Configuration;

namespace CoderSdk.Errors;

/// <summary>
/// A stream's connection ended before the stream was finished: the server closed it early, it dropped, it stayed
/// silent for <see cref="CoderStreamOptions.IdleTimeout"/>, or a message did not complete within
/// <see cref="CoderStreamOptions.MessageTimeout"/>. The SDK reconnects after it, so your code sees it as the cause in
/// <see cref="CoderStreamReconnecting.Cause"/>, or as the <see cref="Exception.InnerException"/> of a
/// <see cref="CoderStreamException"/> whose reconnects ran out.
/// </summary>
public sealed class CoderStreamInterruptedException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What ended the connection.</param>
    /// <param name="closeStatus">The WebSocket close status the server sent, if it closed the socket.</param>
    /// <param name="closeDescription">The reason text of that close, if any.</param>
    /// <param name="innerException">The transport's exception, if there was one.</param>
    public CoderStreamInterruptedException(string message, WebSocketCloseStatus? closeStatus = null, string? closeDescription = null, Exception? innerException = null)
        : base(message, innerException)
    {
        CloseStatus = closeStatus;
        CloseDescription = closeDescription;
    }

    /// <summary>The WebSocket close status the server sent, when it closed the socket.</summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>The reason text of that close, if the server gave one.</summary>
    public string? CloseDescription { get; }

    /// <summary>One line: what happened, with the close status and reason or the transport's message.</summary>
    internal string Describe() => CloseStatus is { } status
        ? $"{Message} (close {(int)status}{(string.IsNullOrEmpty(CloseDescription) ? string.Empty : " \"" + CloseDescription + "\"")})"
        : InnerException is { } inner ? $"{Message}: {inner.Message}" : Message;
}
