namespace CoderSdk;

/// <summary>How <see cref="ICoderStreams.RunCommandAsync"/> runs a command.</summary>
public sealed class CoderCommandOptions
{
    /// <summary>
    /// How long the command may run, on the client's <see cref="CoderClientOptions.TimeProvider"/>; then the session is
    /// closed and <see cref="CoderCommandTimeoutException"/> carries the output so far. Ten minutes by default;
    /// <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Columns of the command's terminal. 200 by default, so few lines wrap.</summary>
    public int Width { get; init; } = 200;

    /// <summary>Rows of the command's terminal. 24 by default.</summary>
    public int Height { get; init; } = 24;

    /// <summary>A container visible to the agent to run the command in (see <see cref="CoderTerminalOptions.Container"/>).</summary>
    public string? Container { get; init; }

    /// <summary>The user inside <see cref="Container"/>.</summary>
    public string? ContainerUser { get; init; }

    /// <summary>
    /// The agent to run on, by name, when a workspace has several (for the overload that takes a workspace name); null
    /// picks the only one.
    /// </summary>
    public string? AgentName { get; init; }
}

/// <summary>What a command run with <see cref="ICoderStreams.RunCommandAsync"/> printed and how it exited.</summary>
public sealed class CoderCommandResult
{
    /// <summary>Creates the result.</summary>
    /// <param name="output">The output.</param>
    /// <param name="exitCode">The exit status.</param>
    public CoderCommandResult(string output, int exitCode)
    {
        Output = output;
        ExitCode = exitCode;
    }

    /// <summary>
    /// Everything the command printed, standard output and error interleaved as a terminal shows them, decoded as UTF-8,
    /// with the PTY's <c>\r\n</c> line ends; the SDK's exit-status line is removed.
    /// </summary>
    public string Output { get; }

    /// <summary>The command's exit status, as the shell's <c>$?</c> reported it.</summary>
    public int ExitCode { get; }
}

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

/// <summary>A command run by <see cref="ICoderStreams.RunCommandAsync"/> did not report an exit status; <see cref="Output"/> has what it printed until then.</summary>
public class CoderCommandException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened.</param>
    /// <param name="failure">Why.</param>
    /// <param name="output">The output received before it happened.</param>
    /// <param name="innerException">The stream failure behind it, if any.</param>
    public CoderCommandException(string message, CoderCommandFailure failure, string output, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Output = output;
    }

    /// <summary>Why the command has no result.</summary>
    public CoderCommandFailure Failure { get; }

    /// <summary>The output received before the failure (decoded as for <see cref="CoderCommandResult.Output"/>).</summary>
    public string Output { get; }
}

/// <summary>A command ran longer than <see cref="CoderCommandOptions.Timeout"/>; the SDK closed its session.</summary>
public sealed class CoderCommandTimeoutException : CoderCommandException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="timeout">The timeout that elapsed.</param>
    /// <param name="output">The output received until then.</param>
    public CoderCommandTimeoutException(TimeSpan timeout, string output)
        : base($"The command did not finish within {timeout.TotalSeconds:0.###} s (CoderCommandOptions.Timeout); its session was closed.", CoderCommandFailure.TimedOut, output)
    {
        Timeout = timeout;
    }

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
