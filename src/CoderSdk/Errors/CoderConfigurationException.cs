namespace CoderSdk.Errors;

/// <summary>The client's settings are unusable. The message lists every problem found, never the token.</summary>
public sealed class CoderConfigurationException : CoderException
{
    /// <summary>Creates the exception from a list of problems.</summary>
    /// <param name="errors">One sentence per problem.</param>
    public CoderConfigurationException(IReadOnlyList<string> errors)
        : base("Invalid Coder client configuration: " + string.Join(" ", errors))
    {
        Errors = errors;
    }

    /// <summary>Each problem, one sentence apiece.</summary>
    public IReadOnlyList<string> Errors { get; }
}
