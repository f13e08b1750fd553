using CoderSdk.Apis;

namespace CoderSdk.Terminal;

/// <summary>Why a command run by <see cref="ICoderStreams.RunCommandAsync"/> has no result.</summary>
public enum CoderCommandFailure
{
    /// <summary>It ran longer than <see cref="CoderCommandOptions.Timeout"/>.</summary>
    TimedOut,

    /// <summary>
    /// The connection dropped (while the session was being opened, or mid-command) or coderd closed it abnormally; the
    /// command may have run, in part or whole. The SDK does not reconnect, since a reconnect after the command ended
    /// would run it again.
    /// </summary>
    Disconnected,

    /// <summary>
    /// The session ended without the exit-status line: the shell exited before printing it (<c>exec</c>, a killed
    /// shell) or is not a POSIX shell.
    /// </summary>
    NoExitStatus,
}
