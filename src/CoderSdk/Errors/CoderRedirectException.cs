namespace CoderSdk.Errors;

/// <summary>
/// coderd answered with a redirect the SDK refuses to follow: to another origin (the session token must never go
/// there), from https down to http, or one hop too many. Nothing was sent to the redirect's target.
/// </summary>
public sealed class CoderRedirectException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back (the redirect response).</param>
    /// <param name="targetOrigin">The scheme, host and port the redirect pointed to, without path or query.</param>
    public CoderRedirectException(CoderErrorInfo info, string? targetOrigin)
        : base(info)
    {
        TargetOrigin = targetOrigin;
    }

    /// <summary>Where the redirect pointed (scheme, host and port only), when it had a target.</summary>
    public string? TargetOrigin { get; }
}
