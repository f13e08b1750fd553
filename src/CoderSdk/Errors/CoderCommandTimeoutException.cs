using CoderSdk.Terminal;

namespace CoderSdk.Errors;

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
