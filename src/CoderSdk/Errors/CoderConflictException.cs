namespace CoderSdk.Errors;

/// <summary>coderd answered 409 Conflict, for example because a build is already active on the workspace.</summary>
public class CoderConflictException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    public CoderConflictException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
    {
    }
}
