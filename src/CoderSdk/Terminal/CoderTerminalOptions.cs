using CoderSdk.Apis;
using CoderSdk.Configuration;

namespace CoderSdk.Terminal;

/// <summary>What <see cref="ICoderStreams.OpenTerminalAsync"/> starts in the workspace and how the session behaves.</summary>
public sealed class CoderTerminalOptions
{
    /// <summary>
    /// The command the agent runs in the terminal, through the workspace user's login shell (<c>$SHELL -c</c>); null or
    /// empty starts that shell itself. When it exits, the agent ends the session and the read sequence ends.
    /// </summary>
    public string? Command { get; init; }

    /// <summary>Columns of the terminal (1 to 65,535). 80 by default.</summary>
    public int Width { get; init; } = 80;

    /// <summary>Rows of the terminal (1 to 65,535). 24 by default.</summary>
    public int Height { get; init; } = 24;

    /// <summary>A container visible to the agent to run the command in (coderd's experimental dev-container support); null for the workspace itself.</summary>
    public string? Container { get; init; }

    /// <summary>The user to run as inside <see cref="Container"/>; null for the container's default.</summary>
    public string? ContainerUser { get; init; }

    /// <summary>
    /// The session's id on the agent. Opening a terminal with the id of a session that is still running attaches to
    /// it (the agent first replays its recent output) instead of starting a new command. A new random id by default.
    /// </summary>
    public Guid? ReconnectId { get; init; }

    /// <summary>
    /// Reattach with the same <see cref="ReconnectId"/> when the connection drops, with the back-off of
    /// <see cref="CoderStreamOptions"/> (on by default). The agent keeps a session for a while after its last
    /// connection went away, but forgets it once its command has exited: a reconnect after that starts the command
    /// again. Turn this off when running the command twice would do harm.
    /// </summary>
    public bool Reconnect { get; init; } = true;

    internal void Validate()
    {
        if (Width is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Width), Width, "A terminal's width must be between 1 and 65535 columns.");
        }

        if (Height is < 1 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(Height), Height, "A terminal's height must be between 1 and 65535 rows.");
        }

        if (ReconnectId == Guid.Empty)
        {
            throw new ArgumentException("A terminal's reconnect id must not be the empty GUID.", nameof(ReconnectId));
        }
    }
}
