using CoderSdk.Errors;
using CoderSdk.Models;

namespace CoderSdk.Apis;

/// <summary>
/// An open dynamic-parameters session for one template version (coderd's two-way WebSocket): coderd first sends a
/// preview of the form with no values filled in (<see cref="DynamicParametersResponse.Id"/> -1), and then answers every
/// <see cref="SendAsync"/> with a preview computed from those values, carrying the id <see cref="SendAsync"/> returned.
/// Read the previews with <see cref="ReadResponsesAsync"/>; dispose the session to close it.
/// </summary>
/// <remarks>
/// The session's state lives in its connection, so it does not reconnect: when coderd closes it (it does after 30
/// minutes) or the connection drops, <see cref="ReadResponsesAsync"/> ends and <see cref="SendAsync"/> fails, both with
/// <see cref="CoderStreamException"/> (<see cref="CoderStreamFailure.Closed"/>, with the close code and reason).
/// Open a new session to go on.
/// </remarks>
public interface IDynamicParametersSession : IAsyncDisposable
{
    /// <summary>
    /// Sends the current parameter values; coderd answers with a preview that carries the returned id, so an answer to
    /// an older request can be told apart from the newest one.
    /// </summary>
    /// <param name="values">Parameter values by name, as the form holds them (text, as coderd expects).</param>
    /// <param name="ownerId">The workspace owner to render for; null keeps the owner of the previous request (or the one the session was opened for).</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>The request's id (1, 2, ...), which the matching <see cref="DynamicParametersResponse.Id"/> carries.</returns>
    /// <exception cref="CoderStreamException">coderd has closed the session, or the connection dropped.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    Task<long> SendAsync(IReadOnlyDictionary<string, string> values, Guid? ownerId = null, CancellationToken cancellationToken = default);

    /// <summary>The previews coderd sends, in order: the initial one (id -1), then one per request. Enumerate it once.</summary>
    /// <param name="cancellationToken">Stops reading (the session stays open).</param>
    /// <returns>The previews, until the session is disposed (the sequence then ends) or coderd closes it.</returns>
    /// <exception cref="CoderStreamException">coderd closed the session or sent a message that is not a preview.</exception>
    IAsyncEnumerable<DynamicParametersResponse> ReadResponsesAsync(CancellationToken cancellationToken = default);
}
