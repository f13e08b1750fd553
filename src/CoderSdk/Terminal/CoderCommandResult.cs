using CoderSdk.Apis;

namespace CoderSdk.Terminal;

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
