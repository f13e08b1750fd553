namespace CoderSdk.Samples;

/// <summary>A snippet's arguments are wrong; the runner prints the message as one line and exits with 64.</summary>
public sealed class SampleUsageException : Exception
{
    /// <summary>Creates the exception from what is wrong and how the snippet is called.</summary>
    /// <param name="problem">What is wrong, e.g. <c>--max-updates needs a positive whole number, not 'x'</c>.</param>
    /// <param name="usage">The snippet's usage line.</param>
    public SampleUsageException(string problem, string usage)
        : base($"{problem} (usage: {usage})")
    {
    }
}
