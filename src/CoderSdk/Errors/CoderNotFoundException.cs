namespace CoderSdk.Errors;

/// <summary>
/// coderd answered 404 Not Found. coderd also answers 404 for resources the caller may not see. When the server's
/// release does not have the operation at all, the exception is the more specific <see cref="CoderNotSupportedException"/>;
/// when a deployment setting hides the route, <see cref="CoderFeatureNotFoundException"/>.
/// </summary>
public class CoderNotFoundException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    // RS0027: as on CoderApiException, the longer overload's extra parameter is required.
#pragma warning disable RS0027
    public CoderNotFoundException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
#pragma warning restore RS0027
    {
    }

    /// <summary>Creates the exception with a message of a subclass's own.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    protected CoderNotFoundException(CoderErrorInfo info, string message, Exception? innerException) : base(info, message, innerException)
    {
    }
}
