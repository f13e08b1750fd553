namespace CoderSdk.Errors;

/// <summary>
/// coderd answered 403 Forbidden: the caller is known but lacks the permission. When coderd's message says a license
/// feature or an experiment is off instead, the exception is the more specific <see cref="CoderFeatureForbiddenException"/>.
/// </summary>
public class CoderForbiddenException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    // RS0027: as on CoderApiException, the longer overload's extra parameter is required.
#pragma warning disable RS0027
    public CoderForbiddenException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
#pragma warning restore RS0027
    {
    }

    /// <summary>Creates the exception with a message of a subclass's own.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    protected CoderForbiddenException(CoderErrorInfo info, string message, Exception? innerException) : base(info, message, innerException)
    {
    }
}
