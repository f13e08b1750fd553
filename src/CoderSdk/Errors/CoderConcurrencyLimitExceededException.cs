using CoderSdk.Configuration;
using Polly;

namespace CoderSdk.Errors;

/// <summary>
/// The client already had <see cref="CoderResilienceOptions.MaxConcurrentRequests"/> requests in flight, so this one was
/// refused without being sent. Like Polly's own rejections it is an <see cref="ExecutionRejectedException"/>.
/// </summary>
public sealed class CoderConcurrencyLimitExceededException : ExecutionRejectedException, ICoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="limit">The configured limit.</param>
    public CoderConcurrencyLimitExceededException(int limit)
        : base($"The Coder client already has {limit} requests in flight (Resilience.MaxConcurrentRequests); this one was not sent.")
    {
        Limit = limit;
    }

    /// <summary>The configured limit.</summary>
    public int Limit { get; }
}
