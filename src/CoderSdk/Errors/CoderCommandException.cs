using CoderSdk.Apis;
using CoderSdk.Terminal;

namespace CoderSdk.Errors;

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
