using System.Globalization;
using CoderSdk.Pipeline;
using Polly;

namespace CoderSdk.Configuration;

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
    /// applies). The SDK puts the request in the context under <see cref="CoderResilienceKeys.Request"/>, and
    /// <see cref="CoderRetryRules"/> offers the SDK's own decisions for reuse.
    /// </summary>
    public ResiliencePipeline<HttpResponseMessage>? Pipeline { get; set; }

    /// <summary>The section's settings, one row each (see <see cref="CoderSetting"/>).</summary>
    internal static readonly CoderSetting[] Settings = CreateSettings(new CoderSettingSection<CoderResilienceOptions>("Resilience", static o => o.Resilience));

    private static CoderSetting[] CreateSettings(CoderSettingSection<CoderResilienceOptions> s) =>
    [
        s.Row(nameof(Enabled), CoderSettingTypes.Bool, r => r.Enabled, (r, v) => r.Enabled = v,
            doc: "turns the whole pipeline off (`false` sends each request once, with no timeout of the SDK's own)"),
        s.Row(nameof(MaxConcurrentRequests), CoderSettingTypes.Int, r => r.MaxConcurrentRequests, (r, v) => r.MaxConcurrentRequests = v,
            check: v => v < 1 ? $"Resilience.MaxConcurrentRequests is {v}; it must be at least 1." : null,
            doc: "requests in flight at once; one more is refused at once"),
        s.Row(nameof(TotalTimeout), CoderSettingTypes.Duration, r => r.TotalTimeout, (r, v) => r.TotalTimeout = v,
            check: v => TimeoutProblem(nameof(TotalTimeout), v),
            doc: "the longest a call may take, retries included; infinite turns it off"),
        // The row holds what was set (null: follow TotalTimeout), so a copy keeps following its own total timeout.
        s.Row(nameof(AttemptTimeout), CoderSettingTypes.OptionalDuration, r => r._attemptTimeout, (r, v) => r._attemptTimeout = v,
            check: v => v is { } attempt ? TimeoutProblem(nameof(AttemptTimeout), attempt) : null,
            describe: v => v is { } attempt ? Format(attempt) : null,
            defaultText: "`00:00:10`, or TotalTimeout when shorter",
            doc: "the longest one attempt may take, body included; at most TotalTimeout"),
        s.Row(nameof(MaxRetries), CoderSettingTypes.Int, r => r.MaxRetries, (r, v) => r.MaxRetries = v,
            check: v => v is < 0 or > MaxAllowedRetries
                ? $"Resilience.MaxRetries is {v}; it must be between 0 and {MaxAllowedRetries} (each retry adds load to a coderd that is already failing)."
                : null,
            doc: "how many times a failed attempt may be repeated (0 to 10)"),
        s.Row(nameof(BaseDelay), CoderSettingTypes.Duration, r => r.BaseDelay, (r, v) => r.BaseDelay = v,
            check: v => v < TimeSpan.Zero || v > MaxTimeout ? $"Resilience.BaseDelay is {Format(v)}; it must be between zero and one day." : null,
            doc: "the first backoff delay; each retry doubles it"),
        s.Row(nameof(MaxDelay), CoderSettingTypes.Duration, r => r.MaxDelay, (r, v) => r.MaxDelay = v,
            doc: "the longest backoff delay (not shorter than BaseDelay)"),
        s.Row(nameof(UseJitter), CoderSettingTypes.Bool, r => r.UseJitter, (r, v) => r.UseJitter = v,
            doc: "spreads backoff delays randomly"),
        s.Row(nameof(MaxRetryAfter), CoderSettingTypes.Duration, r => r.MaxRetryAfter, (r, v) => r.MaxRetryAfter = v,
            check: v => v < TimeSpan.Zero ? $"Resilience.MaxRetryAfter is {Format(v)}; it must not be negative." : null,
            doc: "the longest wait a `Retry-After` header may ask for; longer is cut to this"),
        s.Row(nameof(CircuitBreakerEnabled), CoderSettingTypes.Bool, r => r.CircuitBreakerEnabled, (r, v) => r.CircuitBreakerEnabled = v,
            doc: "turns the circuit breaker on or off"),
        s.Row(nameof(FailureRatio), CoderSettingTypes.Number, r => r.FailureRatio, (r, v) => r.FailureRatio = v,
            check: v => double.IsNaN(v) || v <= 0 || v > 1
                ? $"Resilience.FailureRatio is {v.ToString(CultureInfo.InvariantCulture)}; it must be above 0 and at most 1."
                : null,
            doc: "the share of failed attempts (above 0, at most 1) that opens the circuit"),
        s.Row(nameof(MinimumThroughput), CoderSettingTypes.Int, r => r.MinimumThroughput, (r, v) => r.MinimumThroughput = v,
            check: v => v < 2 ? $"Resilience.MinimumThroughput is {v}; it must be at least 2." : null,
            doc: "attempts the sampling window must hold before the circuit can open (at least 2)"),
        s.Row(nameof(SamplingDuration), CoderSettingTypes.Duration, r => r.SamplingDuration, (r, v) => r.SamplingDuration = v,
            check: v => WindowProblem(nameof(SamplingDuration), v),
            doc: "the window over which failures are counted (0.5 s to one day)"),
        s.Row(nameof(BreakDuration), CoderSettingTypes.Duration, r => r.BreakDuration, (r, v) => r.BreakDuration = v,
            check: v => WindowProblem(nameof(BreakDuration), v),
            doc: "how long an open circuit refuses requests (0.5 s to one day)"),
        s.Row(nameof(Pipeline), CoderSettingTypes.Object<ResiliencePipeline<HttpResponseMessage>?>(), r => r.Pipeline, (r, v) => r.Pipeline = v,
            doc: "a pipeline of your own replacing timeouts, retries and the circuit breaker"),
    ];

    /// <summary>The checks that involve two settings; each single value is checked by its row.</summary>
    internal void AddValidationErrors(List<string> errors)
    {
        if (_attemptTimeout is { } attempt && IsFinite(TotalTimeout) && IsFinite(attempt) && attempt > TotalTimeout && TotalTimeout > TimeSpan.Zero)
        {
            errors.Add($"Resilience.AttemptTimeout ({Format(attempt)}) is longer than Resilience.TotalTimeout ({Format(TotalTimeout)}); no attempt could use it. " +
                "Set both, with AttemptTimeout at most TotalTimeout, or set only TotalTimeout and the attempt timeout follows it.");
        }

        if (MaxDelay < BaseDelay)
        {
            errors.Add($"Resilience.MaxDelay ({Format(MaxDelay)}) is shorter than Resilience.BaseDelay ({Format(BaseDelay)}).");
        }
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

    private static string? TimeoutProblem(string name, TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan ? null
        : value <= TimeSpan.Zero ? $"Resilience.{name} is {Format(value)}; a timeout must be positive (at least 10 ms), or Timeout.InfiniteTimeSpan to turn it off."
        : value < MinTimeout || value > MaxTimeout ? $"Resilience.{name} is {Format(value)}; it must be between 10 ms and one day, or Timeout.InfiniteTimeSpan to turn it off."
        : null;

    private static string? WindowProblem(string name, TimeSpan value) =>
        value < MinCircuitWindow || value > MaxTimeout ? $"Resilience.{name} is {Format(value)}; it must be between 0.5 seconds and one day." : null;
}
