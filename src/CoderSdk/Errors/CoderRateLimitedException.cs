using System.Net.Http.Headers;

namespace CoderSdk.Errors;

/// <summary>
/// coderd answered 429 Too Many Requests (its default limit is 512 requests a minute per user and path) and the
/// SDK's retries, if any, did not get through.
/// </summary>
public sealed class CoderRateLimitedException : CoderApiException
{
    /// <summary>Creates the exception and reads the rate-limit headers from the response.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    public CoderRateLimitedException(CoderErrorInfo info, Exception? innerException = null) : base(info, innerException)
    {
        var headers = info.ResponseHeaders;
        if (headers is null)
        {
            return;
        }

        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            RetryAfter = delta;
        }
        else if (retryAfter?.Date is { } date && info.ReceivedAt is { } received)
        {
            RetryAfter = date > received ? date - received : TimeSpan.Zero;
        }

        RateLimitLimit = ReadLong(headers, "X-RateLimit-Limit");
        RateLimitRemaining = ReadLong(headers, "X-RateLimit-Remaining");
        if (ReadLong(headers, "X-RateLimit-Reset") is { } reset)
        {
            RateLimitReset = DateTimeOffset.FromUnixTimeSeconds(reset);
        }
    }

    /// <summary>How long coderd asked the caller to wait, from the <c>Retry-After</c> header.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The request budget of the current window (<c>X-RateLimit-Limit</c>).</summary>
    public long? RateLimitLimit { get; }

    /// <summary>Requests left in the current window (<c>X-RateLimit-Remaining</c>).</summary>
    public long? RateLimitRemaining { get; }

    /// <summary>When the window resets (<c>X-RateLimit-Reset</c>, Unix seconds).</summary>
    public DateTimeOffset? RateLimitReset { get; }

    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) &&
        long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
