namespace CoderSdk.Errors;

/// <summary>coderd answered 401 Unauthorized: the session token is missing, expired or revoked.</summary>
public sealed class CoderUnauthorizedException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    public CoderUnauthorizedException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
    {
    }
}
