using System.Globalization;
using Polly;

namespace CoderSdk;

/// <summary>
/// How the SDK rides out transient failures: a concurrency limit, a total timeout, retries with exponential backoff
/// and jitter, a circuit breaker and a per-attempt timeout, in that order (the same shape as .NET's standard resilience
/// handler). Retries are method-aware: see <c>docs/resilience-and-security.md</c> for the exact rules.
/// Configuration section: <c>Resilience</c>.
/// </summary>
/// <remarks>Streaming requests (log follow, workspace watch) never pass through these timeouts and retries.</remarks>
public sealed class CoderResilienceOptions
{
    /// <summary>The most retries <see cref="MaxRetries"/> may ask for; more only multiplies load on a struggling coderd.</summary>
    public const int MaxAllowedRetries = 10;

    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);
    private static readonly TimeSpan MinCircuitWindow = TimeSpan.FromMilliseconds(500);

    // Null until AttemptTimeout is set: the default then follows TotalTimeout.
    private TimeSpan? _attemptTimeout;

    /// <summary>Turns the whole pipeline on or off. Off sends each request once, with no timeout of the SDK's own. Default: on.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many requests may be in flight at once; one more is refused at once (no queue). Default: 1000.</summary>
    public int MaxConcurrentRequests { get; set; } = 1000;

    /// <summary>
    /// The longest a call may take, retries and waits included. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// Default: 30 seconds.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest one attempt may take, reading the whole response body included. <see cref="Timeout.InfiniteTimeSpan"/>
    /// turns it off. Default: <see cref="DefaultAttemptTimeout"/>, or <see cref="TotalTimeout"/> when that is shorter, so
    /// lowering only the total timeout is enough. Once set, the value is kept as given and must not exceed
    /// <see cref="TotalTimeout"/>.
    /// </summary>
    public TimeSpan AttemptTimeout
    {
        get => _attemptTimeout ?? DefaultAttemptTimeoutFor(TotalTimeout);
        set => _attemptTimeout = value;
    }

    /// <summary>The attempt timeout used while <see cref="AttemptTimeout"/> has not been set and the total timeout allows it: 10 seconds.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many times a failed attempt may be repeated (0 to <see cref="MaxAllowedRetries"/>). Default: 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay; each further retry doubles it. Default: 2 seconds.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest backoff delay between two attempts. Default: 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Spreads backoff delays randomly so that many clients do not retry in step. Default: on.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>
    /// The longest the SDK waits because of a <c>Retry-After</c> header; a longer value is cut to this. A wait that would
    /// not end before <see cref="TotalTimeout"/> is not started: the 429 or 503 surfaces at once instead. Default: 30 seconds.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Turns the circuit breaker on or off. Default: on.</summary>
    public bool CircuitBreakerEnabled { get; set; } = true;

    /// <summary>The share of failed attempts (0 to 1) within <see cref="SamplingDuration"/> that opens the circuit. Default: 0.1.</summary>
    public double FailureRatio { get; set; } = 0.1;

    /// <summary>How many attempts the sampling window must hold before the circuit can open (at least 2). Default: 100.</summary>
    public int MinimumThroughput { get; set; } = 100;

    /// <summary>The window over which failures are counted (at least 0.5 seconds). Default: 30 seconds.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses requests before it lets one through to test coderd (at least 0.5 seconds). Default: 5 seconds.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A pipeline of your own that replaces the timeouts, retries and circuit breaker above (the concurrency limit still
    /// applies). The SDK puts the request in the context under <see cref="Http.CoderResilienceKeys.Request"/>, and
    /// <see cref="Http.CoderRetryRules"/> offers the SDK's own decisions for reuse.
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage>? Pipeline { get; set; }

    internal void AddValidationErrors(List<string> errors)
    {
        if (MaxConcurrentRequests < 1)
        {
            errors.Add($"Resilience.MaxConcurrentRequests is {MaxConcurrentRequests}; it must be at least 1.");
        }

        CheckTimeout(errors, nameof(TotalTimeout), TotalTimeout);
        CheckTimeout(errors, nameof(AttemptTimeout), AttemptTimeout);
        if (_attemptTimeout is { } attempt && IsFinite(TotalTimeout) && IsFinite(attempt) && attempt > TotalTimeout && TotalTimeout > TimeSpan.Zero)
        {
            errors.Add($"Resilience.AttemptTimeout ({Format(attempt)}) is longer than Resilience.TotalTimeout ({Format(TotalTimeout)}); no attempt could use it. " +
                "Set both, with AttemptTimeout at most TotalTimeout, or set only TotalTimeout and the attempt timeout follows it.");
        }

        if (MaxRetries is < 0 or > MaxAllowedRetries)
        {
            errors.Add($"Resilience.MaxRetries is {MaxRetries}; it must be between 0 and {MaxAllowedRetries} (each retry adds load to a coderd that is already failing).");
        }

        if (BaseDelay < TimeSpan.Zero || BaseDelay > MaxTimeout)
        {
            errors.Add($"Resilience.BaseDelay is {Format(BaseDelay)}; it must be between zero and one day.");
        }

        if (MaxDelay < BaseDelay)
        {
            errors.Add($"Resilience.MaxDelay ({Format(MaxDelay)}) is shorter than Resilience.BaseDelay ({Format(BaseDelay)}).");
        }

        if (MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"Resilience.MaxRetryAfter is {Format(MaxRetryAfter)}; it must not be negative.");
        }

        if (double.IsNaN(FailureRatio) || FailureRatio <= 0 || FailureRatio > 1)
        {
            errors.Add($"Resilience.FailureRatio is {FailureRatio.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 1.");
        }

        if (MinimumThroughput < 2)
        {
            errors.Add($"Resilience.MinimumThroughput is {MinimumThroughput}; it must be at least 2.");
        }

        CheckWindow(errors, nameof(SamplingDuration), SamplingDuration);
        CheckWindow(errors, nameof(BreakDuration), BreakDuration);
    }

    internal void CopyTo(CoderResilienceOptions target)
    {
        target.Enabled = Enabled;
        target.MaxConcurrentRequests = MaxConcurrentRequests;
        target.TotalTimeout = TotalTimeout;
        target._attemptTimeout = _attemptTimeout;
        target.MaxRetries = MaxRetries;
        target.BaseDelay = BaseDelay;
        target.MaxDelay = MaxDelay;
        target.UseJitter = UseJitter;
        target.MaxRetryAfter = MaxRetryAfter;
        target.CircuitBreakerEnabled = CircuitBreakerEnabled;
        target.FailureRatio = FailureRatio;
        target.MinimumThroughput = MinimumThroughput;
        target.SamplingDuration = SamplingDuration;
        target.BreakDuration = BreakDuration;
        target.Pipeline = Pipeline;
    }

    /// <summary>Summarises the settings, e.g. <c>on (total 30s, attempt 10s, 3 retries)</c>.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        !Enabled ? "off"
        : Pipeline is not null ? "custom pipeline"
        : $"on (total {Format(TotalTimeout)}, attempt {Format(AttemptTimeout)}, {MaxRetries} retries, circuit breaker {(CircuitBreakerEnabled ? "on" : "off")})";

    internal static bool IsFinite(TimeSpan value) => value != Timeout.InfiniteTimeSpan;

    // A valid total timeout shorter than the default caps the default; an invalid one is reported on its own, not twice.
    private static TimeSpan DefaultAttemptTimeoutFor(TimeSpan total) =>
        IsFinite(total) && total >= MinTimeout && total < DefaultAttemptTimeout ? total : DefaultAttemptTimeout;

    internal static string Format(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan ? "infinite"
        : value.Duration().TotalMilliseconds < 1000 ? value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms"
        : value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    private static void CheckTimeout(List<string> errors, string name, TimeSpan value)
    {
        if (value == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        if (value <= TimeSpan.Zero)
        {
            errors.Add($"Resilience.{name} is {Format(value)}; a timeout must be positive (at least 10 ms), or Timeout.InfiniteTimeSpan to turn it off.");
        }
        else if (value < MinTimeout || value > MaxTimeout)
        {
            errors.Add($"Resilience.{name} is {Format(value)}; it must be between 10 ms and one day, or Timeout.InfiniteTimeSpan to turn it off.");
        }
    }

    private static void CheckWindow(List<string> errors, string name, TimeSpan value)
    {
        if (value < MinCircuitWindow || value > MaxTimeout)
        {
            errors.Add($"Resilience.{name} is {Format(value)}; it must be between 0.5 seconds and one day.");
        }
    }
}
