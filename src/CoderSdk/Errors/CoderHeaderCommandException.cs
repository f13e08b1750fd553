using CoderSdk.Configuration;

namespace CoderSdk.Errors;

/// <summary>
/// The header command (<see cref="CoderClientOptions.HeaderCommand"/>, <c>CODER_HEADER_COMMAND</c>) failed: it could not
/// start, exited with an error, timed out, or printed a line that is not <c>key=value</c>. The request was not sent.
/// The message never repeats header values.
/// </summary>
public sealed class CoderHeaderCommandException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    /// <param name="exitCode">The command's exit code, when it ran to the end.</param>
    public CoderHeaderCommandException(string message, Exception? innerException = null, int? exitCode = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
    }

    /// <summary>The command's exit code, when it exited with an error.</summary>
    public int? ExitCode { get; }
}
