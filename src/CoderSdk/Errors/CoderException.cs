namespace CoderSdk.Errors;

/// <summary>
/// The root of the exceptions the SDK throws for coderd's answers, its streams, its workflows and its settings: catch it
/// to handle anything the SDK reports. Two SDK exceptions keep the base type callers already catch for their kind of
/// failure, and carry <see cref="ICoderException"/> instead: <see cref="CoderOutcomeUnknownException"/> (an
/// <see cref="HttpRequestException"/>) and <see cref="CoderConcurrencyLimitExceededException"/> (Polly's
/// <c>ExecutionRejectedException</c>). One catch covers all of them: <c>catch (Exception ex) when (ex is ICoderException)</c>.
/// </summary>
/// <remarks>
/// Transport failures stay <see cref="HttpRequestException"/>, timeouts Polly's <c>TimeoutRejectedException</c>,
/// cancellation <see cref="OperationCanceledException"/>, and wrong arguments <see cref="ArgumentException"/>, as .NET
/// code expects.
/// </remarks>
public abstract class CoderException : Exception, ICoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, without secrets.</param>
    protected CoderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">What happened, without secrets.</param>
    /// <param name="innerException">The failure that caused it.</param>
    protected CoderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
