using System.Net;
using CoderSdk.Configuration;
using CoderSdk.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CoderSdk.Pipeline;

/// <summary>
/// The SDK's retry decisions, public so that a custom <see cref="CoderResilienceOptions.Pipeline"/> can reuse them.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>GET, HEAD, PUT, DELETE, OPTIONS and TRACE are retried on 408, 429, any 5xx, transport failures and attempt timeouts.</item>
/// <item>POST and PATCH are retried only on 429 (coderd's rate limiter answers before any handler runs) and when the
/// request provably never left the client: DNS failure, refused or failed TCP connect, TLS handshake failure, proxy tunnel
/// failure (<see cref="HttpRequestException.HttpRequestError"/> says which), or an open circuit.</item>
/// <item>401, 403, 404 and 409 are never retried (401 gets one repeat with a refreshed token, outside these rules).</item>
/// <item>A request whose body cannot be sent twice (a stream) is never retried.</item>
/// </list>
/// </remarks>
public static class CoderRetryRules
{
    /// <summary>Whether the SDK would repeat <paramref name="request"/> after <paramref name="outcome"/>.</summary>
    /// <param name="request">The request.</param>
    /// <param name="outcome">What the last attempt produced.</param>
    /// <returns>True to retry.</returns>
    public static bool ShouldRetry(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!CoderHttpText.IsReplayable(request.Content))
        {
            return false;
        }

        var idempotent = CoderHttpText.IsIdempotent(request.Method);
        if (outcome.Exception is { } exception)
        {
            if (exception is OperationCanceledException)
            {
                return false;
            }

            if (NeverReachedServer(exception))
            {
                return true;
            }

            return idempotent && exception is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var status = outcome.Result!.StatusCode;
        if (status == HttpStatusCode.TooManyRequests)
        {
            return true;
        }

        return idempotent && (status == HttpStatusCode.RequestTimeout || (int)status >= 500);
    }

    /// <summary>
    /// Whether a failure proves that the request was never sent: name resolution, TCP connect, TLS handshake or proxy
    /// tunnel failed (these happen before any request byte is written), or an open circuit refused it.
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <returns>True when the server cannot have seen the request.</returns>
    public static bool NeverReachedServer(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case IsolatedCircuitException:
                    return false;
                case BrokenCircuitException:
                    return true;
                case HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether an outcome counts as a failure for the circuit breaker: 408, 429, 5xx, a transport failure or an attempt
    /// timeout, whatever the method.
    /// </summary>
    /// <param name="outcome">What an attempt produced.</param>
    /// <returns>True when it is a transient failure.</returns>
    public static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException or TimeoutRejectedException or IOException;
        }

        var status = outcome.Result!.StatusCode;
        return status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
    }

    /// <summary>A short description of an outcome for logs: the status, or the exception's type and message.</summary>
    internal static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is { } exception
            ? exception is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http
                ? $"{exception.GetType().Name} ({http.HttpRequestError}): {exception.Message}"
                : $"{exception.GetType().Name}: {exception.Message}"
            : $"{(int)outcome.Result!.StatusCode} {outcome.Result.ReasonPhrase}";
}
