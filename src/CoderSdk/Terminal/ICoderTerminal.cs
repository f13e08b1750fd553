using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;

namespace CoderSdk.Terminal;

/// <summary>
/// A terminal session on a workspace agent, over coderd's reconnecting PTY WebSocket
/// (<c>GET /api/v2/workspaceagents/{workspaceagent}/pty</c>): what you write is typed into the terminal, and what the
/// program prints comes back as raw terminal bytes (with the PTY's <c>\r\n</c> line ends and any escape sequences).
/// Open one with <see cref="ICoderStreams.OpenTerminalAsync"/>; dispose it to close it.
/// </summary>
/// <remarks>
/// The protocol carries no exit status and no end-of-replay mark. After a dropped connection the session reattaches
/// (see <see cref="CoderTerminalOptions.Reconnect"/>) and the agent replays its recent output (up to 64 KiB); the SDK
/// drops the part of the replay it had already delivered by lining the replay up with the last 64 KiB it delivered.
/// That is exact while the agent's replay starts with output the SDK has seen; output that fell out of the agent's
/// buffer during a long gap is lost, and a replay that does not line up (another PTY backend redrawing the screen, or
/// a command started again because it had exited) is delivered whole. A text frame from the server (coderd sends
/// binary frames only) ends the session with <see cref="CoderStreamException"/>
/// (<see cref="CoderStreamFailure.ProtocolViolation"/>); bytes that are not valid UTF-8 are delivered as they are by
/// <see cref="ReadAsync"/> and become U+FFFD in <see cref="ReadTextAsync"/>.
/// </remarks>
public interface ICoderTerminal : IAsyncDisposable
{
    /// <summary>The session's id on the agent; open another terminal with it to attach to the same session.</summary>
    Guid ReconnectId { get; }

    /// <summary>How many times the session has reattached after a dropped connection.</summary>
    int Reconnects { get; }

    /// <summary>How many replayed bytes were recognised as already delivered and left out, over all reconnects.</summary>
    long ReplayedBytesSkipped { get; }

    /// <summary>
    /// The terminal's output as it arrives, one chunk per frame (a chunk may end inside a multi-byte character), until
    /// the session ends. Read it from one consumer at a time; use either this or <see cref="ReadTextAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops reading (the session stays open).</param>
    /// <returns>The output bytes.</returns>
    /// <exception cref="CoderStreamException">The session ended abnormally (dropped without reconnecting, reconnects used up, a close other than normal, or a text frame).</exception>
    IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The terminal's output decoded as UTF-8: a character split across frames comes out whole, and invalid bytes
    /// become U+FFFD. Same rules as <see cref="ReadAsync"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops reading (the session stays open).</param>
    /// <returns>The output text, in chunks.</returns>
    /// <exception cref="CoderStreamException">The session ended abnormally.</exception>
    IAsyncEnumerable<string> ReadTextAsync(CancellationToken cancellationToken = default);

    /// <summary>Types text into the terminal (a newline is <c>"\r"</c> for most programs, as from a keyboard). During a reconnect it waits for the new connection.</summary>
    /// <param name="text">The input.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the input is sent.</returns>
    /// <exception cref="CoderStreamException">The session has ended.</exception>
    Task WriteAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Types UTF-8 input into the terminal; coderd carries input as a JSON string, so it must be valid UTF-8.</summary>
    /// <param name="utf8">The input bytes.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the input is sent.</returns>
    /// <exception cref="ArgumentException">The bytes are not valid UTF-8.</exception>
    /// <exception cref="CoderStreamException">The session has ended.</exception>
    Task WriteUtf8Async(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken = default);

    /// <summary>Resizes the terminal; a reconnect opens with the latest size.</summary>
    /// <param name="width">Columns, 1 to 65,535.</param>
    /// <param name="height">Rows, 1 to 65,535.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes once the resize is sent.</returns>
    /// <exception cref="CoderStreamException">The session has ended.</exception>
    Task ResizeAsync(int width, int height, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes the connection with a normal close frame and waits (up to <see cref="CoderStreamOptions.CloseTimeout"/>)
    /// for the server's answer. The agent keeps the session (and its command) running for a while, so a terminal opened
    /// with the same <see cref="ReconnectId"/> can attach again; it ends when the command exits or nobody reattaches.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>A task that completes once the connection is closed.</returns>
    Task CloseAsync(CancellationToken cancellationToken = default);
}
