using System.Runtime.ExceptionServices;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace CoderSdk.Pipeline;

/// <summary>
/// Sends each request through the resilience pipeline: concurrency limit, then (in Polly) total timeout, retry, circuit
/// breaker and attempt timeout. Each attempt reads the whole response body, so the attempt timeout covers a body that
/// stalls and a body cut short counts as a failed attempt. Streams pass straight through.
/// </summary>
internal sealed class CoderResilienceStep : CoderPipelineStep
{
    private static readonly ResiliencePropertyKey<AttemptState> StateKey = new("CoderSdk.AttemptState");

    private readonly CoderResilienceOptions _options;
    private readonly TimeProvider _time;
    private readonly CoderHttpLog _log;
    private readonly string _deployment;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private int _inFlight;

    public CoderResilienceStep(CoderClientOptions options, CoderHttpLog log)
    {
        _options = options.Resilience;
        _time = options.TimeProvider;
        _log = log;
        _deployment = CoderHttpText.OriginOf(options.BaseUrl!);
        _pipeline = _options.Pipeline ?? Build();
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (call.IsStream)
        {
            return await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        }

        var idempotent = CoderHttpText.IsIdempotent(request.Method);
        var limit = _options.MaxConcurrentRequests;
        if (Interlocked.Increment(ref _inFlight) > limit)
        {
            Interlocked.Decrement(ref _inFlight);
            _log.ConcurrencyLimitReached(request.Method.Method, CoderHttpText.RouteOf(request), limit);
            throw new CoderConcurrencyLimitExceededException(limit);
        }

        var state = new AttemptState(this, call, request,
            CoderResilienceOptions.IsFinite(_options.TotalTimeout) && _options.Pipeline is null ? _time.GetTimestamp() : null);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StateKey, state);
        context.Properties.Set(CoderResilienceKeys.Request, request);
        try
        {
            var outcome = await _pipeline.ExecuteOutcomeAsync(
                static (ctx, s) => s.Handler.AttemptAsync(ctx, s), context, state).ConfigureAwait(false);
            if (outcome.Exception is { } exception)
            {
                // A status that arrived with a cut-short body is a known outcome, not an ambiguous one.
                if (!idempotent && state.LastAttemptAmbiguous && exception is not CoderResponseBodyException && !cancellationToken.IsCancellationRequested)
                {
                    throw new CoderOutcomeUnknownException(request.Method.Method, CoderHttpText.RouteOf(request), exception);
                }

                ExceptionDispatchInfo.Capture(exception).Throw();
            }

            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            Interlocked.Decrement(ref _inFlight);
        }
    }

    // Pooled: the attempt's state machine is reused across calls instead of allocated per attempt.
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context, AttemptState state)
    {
        state.Attempt++;
        state.Call.Attempt = state.Attempt;
        HttpResponseMessage? response = null;
        try
        {
            response = await SendNextAsync(state.Call, state.Request, context.CancellationToken).ConfigureAwait(false);
            try
            {
                await BufferAsync(response, context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException && !context.CancellationToken.IsCancellationRequested)
            {
                throw new CoderResponseBodyException(response, ex);
            }

            state.LastAttemptAmbiguous = false;
            return Outcome.FromResult(response);
        }
        catch (Exception ex)
        {
            response?.Dispose();
            // A refused redirect is an answer, and the SDK sent nothing to the redirect's target: the outcome is known.
            state.LastAttemptAmbiguous = !CoderRetryRules.NeverReachedServer(ex) && ex is not CoderRedirectException;
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    /// <summary>Reads the body inside the attempt (into pooled memory), so the attempt timeout covers a stalled body.</summary>
    private static ValueTask BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        CoderBufferedContent.BufferAsync(response, cancellationToken);

    private ResiliencePipeline<HttpResponseMessage> Build()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
        if (CoderResilienceOptions.IsFinite(_options.TotalTimeout))
        {
            builder.AddTimeout(_options.TotalTimeout);
        }

        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = _options.UseJitter,
                Delay = _options.BaseDelay,
                MaxDelay = _options.MaxDelay,
                ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context, args.Outcome)),
                DelayGenerator = args => new ValueTask<TimeSpan?>(ServerRequestedDelay(args.Outcome)),
                OnRetry = args =>
                {
                    var request = args.Context.Properties.GetValue(StateKey, null!).Request;
                    _log.RetryScheduled(request.Method.Method, CoderHttpText.RouteOf(request), args.AttemptNumber + 1, _options.MaxRetries,
                        (long)args.RetryDelay.TotalMilliseconds, CoderRetryRules.Describe(args.Outcome));
                    return default;
                },
            });
        }

        if (_options.CircuitBreakerEnabled)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = _options.FailureRatio,
                MinimumThroughput = _options.MinimumThroughput,
                SamplingDuration = _options.SamplingDuration,
                BreakDuration = _options.BreakDuration,
                ShouldHandle = args => new ValueTask<bool>(CoderRetryRules.IsTransientFailure(args.Outcome)),
                OnOpened = args =>
                {
                    _log.CircuitOpened(_deployment, (long)args.BreakDuration.TotalMilliseconds, CoderRetryRules.Describe(args.Outcome));
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    _log.CircuitHalfOpened(_deployment);
                    return default;
                },
                OnClosed = _ =>
                {
                    _log.CircuitClosed(_deployment);
                    return default;
                },
            });
        }

        if (CoderResilienceOptions.IsFinite(_options.AttemptTimeout))
        {
            builder.AddTimeout(_options.AttemptTimeout);
        }

        return builder.Build();
    }

    private bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { IsSuccessStatusCode: true })
        {
            return false;
        }

        var state = context.Properties.GetValue(StateKey, null!);
        var request = state.Request;
        if (CoderRetryRules.ShouldRetry(request, outcome))
        {
            if (ServerRequestedDelay(outcome) is { } wait && state.Started is { } started &&
                _time.GetElapsedTime(started) + wait >= _options.TotalTimeout)
            {
                _log.RetryWithheld(request.Method.Method, CoderHttpText.RouteOf(request), CoderRetryRules.Describe(outcome),
                    $"waiting {CoderResilienceOptions.Format(wait)} as coderd asked would outlast the total timeout of {CoderResilienceOptions.Format(_options.TotalTimeout)}");
                return false;
            }

            return true;
        }

        if (CoderRetryRules.IsTransientFailure(outcome) && outcome.Exception is not OperationCanceledException)
        {
            var why = !CoderHttpText.IsReplayable(request.Content)
                ? "its body is a stream that cannot be sent twice"
                : $"{request.Method.Method} is not idempotent and the request may have reached coderd";
            _log.RetryWithheld(request.Method.Method, CoderHttpText.RouteOf(request), CoderRetryRules.Describe(outcome), why);
        }

        return false;
    }

    /// <summary>
    /// The wait coderd (or a proxy) asked for with <c>Retry-After</c>, cut to <see cref="CoderResilienceOptions.MaxRetryAfter"/>;
    /// or, when the circuit is open, the time until it half-opens, cut to <see cref="CoderResilienceOptions.MaxDelay"/>.
    /// Null leaves the exponential backoff in charge.
    /// </summary>
    private TimeSpan? ServerRequestedDelay(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is BrokenCircuitException { RetryAfter: { } untilHalfOpen })
        {
            return untilHalfOpen <= TimeSpan.Zero ? TimeSpan.Zero : untilHalfOpen > _options.MaxDelay ? _options.MaxDelay : untilHalfOpen;
        }

        if (outcome.Result?.Headers.RetryAfter is not { } retryAfter)
        {
            return null;
        }

        TimeSpan wait;
        if (retryAfter.Delta is { } delta)
        {
            wait = delta;
        }
        else if (retryAfter.Date is { } date)
        {
            wait = date - (outcome.Result.Headers.Date ?? _time.GetUtcNow());
        }
        else
        {
            return null;
        }

        if (wait < TimeSpan.Zero)
        {
            wait = TimeSpan.Zero;
        }

        return wait > _options.MaxRetryAfter ? _options.MaxRetryAfter : wait;
    }

    private sealed class AttemptState(CoderResilienceStep handler, CoderCallState call, HttpRequestMessage request, long? started)
    {
        public CoderResilienceStep Handler { get; } = handler;

        public HttpRequestMessage Request { get; } = request;

        /// <summary>The call, whose attempt number the steps below read.</summary>
        public CoderCallState Call { get; } = call;

        /// <summary>When the call started, for the total-timeout budget; null when there is no total timeout.</summary>
        public long? Started { get; } = started;

        public int Attempt { get; set; }

        /// <summary>True when the last attempt failed in a way that leaves open whether coderd saw the request.</summary>
        public bool LastAttemptAmbiguous { get; set; }
    }
}
