using System.Net;
using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Telemetry;

namespace CoderSdk.Streaming;

/// <summary>
/// The reconnect policy of one stream: each attempt opens a connection and reads it until it ends; an attempt that
/// ends early (close, drop, silence) or fails transiently is retried after an exponential delay with jitter, waited
/// on the client's <see cref="TimeProvider"/>. A plain loop rather than a Polly pipeline: an open stream lives for
/// hours, and a loop holds one frame while it reads where a pipeline holds several (measured in docs/benchmarks.md). Delays grow with consecutive attempts that delivered nothing and reset once data flows again, so a
/// long stream survives any number of drops. 401, 403, 404, 410, refused redirects and anything the server sent that
/// the stream cannot carry are never retried; 429 waits for <c>Retry-After</c>. Each reconnect is reported to
/// <see cref="CoderStreamOptions.OnReconnecting"/> and the log, each reopened connection to <see cref="CoderStreamOptions.OnResumed"/>.
/// </summary>
internal sealed class StreamReconnector
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);

    private readonly CoderStreamOptions _options;
    private readonly CoderRequest? _stream;
    private readonly Func<long, CoderRequest>? _makeStream;
    private readonly long _after;
    private readonly CoderSecretScrubber _secrets;
    private readonly CoderHttpLog _log;
    private readonly TimeProvider _time;
    private readonly Uri _deployment;
    private System.Diagnostics.Activity? _activity;
    private int _consecutiveFailures;
    private int _resumePending;

    public StreamReconnector(CoderConnection connection, CoderRequest stream)
        : this(connection) => _stream = stream;

    /// <summary>
    /// A policy whose stream is described by <paramref name="makeStream"/>(<paramref name="after"/>) only when a
    /// reconnect or failure needs the description: an open stream that never breaks holds no request for it.
    /// </summary>
    public StreamReconnector(CoderConnection connection, Func<long, CoderRequest> makeStream, long after)
        : this(connection)
    {
        _makeStream = makeStream;
        _after = after;
    }

    private StreamReconnector(CoderConnection connection)
    {
        _options = connection.StreamOptions;
        _secrets = connection.Secrets;
        _log = connection.Log;
        _time = connection.Time;
        _deployment = connection.BaseUrl;
    }

    /// <summary>The stream's request, for describing it.</summary>
    private CoderRequest Stream => _stream ?? _makeStream!(_after);

    /// <summary>The stream's method and route template, for the log and the reconnect callbacks.</summary>
    private string Name
    {
        get
        {
            var stream = Stream;
            return $"{stream.Method.Method} {stream.RouteTemplate}";
        }
    }

    /// <summary>How many connections have been opened so far.</summary>
    public int Attempts { get; private set; }

    /// <summary>Call when a connection delivered data: the next failure starts the back-off from the beginning.</summary>
    public void MadeProgress() => _consecutiveFailures = 0;

    /// <summary>Call when an attempt has opened its connection: after a reconnect, that is the stream resuming.</summary>
    public void Connected()
    {
        if (Interlocked.Exchange(ref _resumePending, 0) == 0)
        {
            return;
        }

        var name = Name;
        _log.StreamResumed(name, _consecutiveFailures);
        _options.OnResumed?.Invoke(new CoderStreamResumed(name, _consecutiveFailures));
    }

    /// <summary>Runs <paramref name="attempt"/> until it returns normally, reconnecting as the policy allows.</summary>
    public async Task RunAsync(Func<CancellationToken, ValueTask> attempt, CancellationToken cancellationToken)
    {
        // The stream's own activity spans every connection it opens; each reconnect is an event on it.
        using var activity = CoderTelemetry.Source.HasListeners() ? CoderTelemetry.StartStream(Stream.Operation, _deployment) : null;
        _activity = activity;
        try
        {
            // The loop is inline (not a method of its own): an open stream holds one frame here instead of two.
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Exception failure;
                try
                {
                    Attempts++;
                    await attempt(cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ShouldReconnect(ex, cancellationToken))
                {
                    failure = ex;
                }
                catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                {
                    throw GaveUp(ex);
                }

                var delay = NextDelay(failure);
                Reconnecting(failure, delay);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (activity is not null && !cancellationToken.IsCancellationRequested)
        {
            CoderTelemetry.Failed(activity, ex);
            throw;
        }
        finally
        {
            activity?.SetTag("coder.stream.connections", Attempts);
        }
    }

    private CoderStreamException GaveUp(Exception ex)
    {
        var interrupted = ex as CoderStreamInterruptedException;
        var last = interrupted?.Describe() ?? ex.Message;
        return new CoderStreamException(
            Stream.Describe(HttpStatusCode.SwitchingProtocols, _secrets,
                $"the stream broke {_consecutiveFailures} times in a row without delivering anything and the SDK gave up; last failure: {last}"),
            CoderStreamFailure.ReconnectsExhausted, null, interrupted?.CloseStatus, interrupted?.CloseDescription, ex);
    }

    private void Reconnecting(Exception cause, TimeSpan delay)
    {
        if (cause is System.Net.WebSockets.WebSocketException or IOException)
        {
            // A drop the session did not get to describe (it broke while opening or closing): report it the way the
            // session reports a drop mid-stream, so callers see one type for "the connection dropped".
            cause = new CoderStreamInterruptedException("the connection dropped", innerException: cause);
        }

        Volatile.Write(ref _resumePending, 1);
        _activity?.AddEvent(new System.Diagnostics.ActivityEvent("coder.stream.reconnect", tags: new System.Diagnostics.ActivityTagsCollection
        {
            { "coder.stream.attempt", _consecutiveFailures },
            { "coder.stream.delay_ms", (long)delay.TotalMilliseconds },
            { "error.type", cause.GetType().FullName },
        }));
        var name = Name;
        _log.StreamReconnecting(name, _consecutiveFailures, (long)delay.TotalMilliseconds,
            cause is CoderStreamInterruptedException interrupted ? interrupted.Describe() : $"{cause.GetType().Name}: {cause.Message}");
        _options.OnReconnecting?.Invoke(new CoderStreamReconnecting(name, _consecutiveFailures, delay, cause));
    }

    private bool ShouldReconnect(Exception? exception, CancellationToken cancellationToken)
    {
        if (exception is null || cancellationToken.IsCancellationRequested || !IsTransient(exception))
        {
            return false;
        }

        _consecutiveFailures++;
        return _consecutiveFailures <= _options.MaxReconnectAttempts;
    }

    private TimeSpan NextDelay(Exception? exception)
    {
        if (exception is CoderRateLimitedException { RetryAfter: { } retryAfter })
        {
            return retryAfter < _options.ReconnectBaseDelay ? _options.ReconnectBaseDelay : retryAfter > MaxRetryAfter ? MaxRetryAfter : retryAfter;
        }

        var baseTicks = (double)_options.ReconnectBaseDelay.Ticks;
        var exponent = Math.Min(Math.Max(_consecutiveFailures - 1, 0), 30);
        var capped = Math.Min(baseTicks * Math.Pow(2, exponent), _options.ReconnectMaxDelay.Ticks);
        // "Equal jitter": half fixed, half random, so delays never collapse to zero and clients spread out.
        var jittered = (capped / 2) + (Random.Shared.NextDouble() * capped / 2);
        return TimeSpan.FromTicks((long)jittered);
    }

    /// <summary>
    /// True for failures a new connection may cure. Statuses that will not change (401, 403, 404, 410, a refused
    /// redirect) and servers that sent what the stream cannot carry (<see cref="CoderStreamException"/>) are final.
    /// </summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        CoderStreamInterruptedException => true,
        CoderStreamException => false,
        CoderApiException api => api.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or
            HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        WebSocketException or HttpRequestException or IOException or TimeoutException => true,
        _ => false,
    };
}
