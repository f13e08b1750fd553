using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CoderSdk.Pipeline;

/// <summary>
/// The SDK's log events (category <c>CoderSdk.Http</c>), source-generated so that nothing is formatted unless the level
/// is on. No event carries a header value, a token or a body unless the caller asked for bodies, and then redacted.
/// </summary>
internal sealed partial class CoderHttpLog
{
    /// <summary>The log category of every SDK event.</summary>
    public const string Category = "CoderSdk.Http";

    private readonly ILogger _logger;

    public CoderHttpLog(ILogger logger) => _logger = logger;

    public static CoderHttpLog None { get; } = new(NullLogger.Instance);

    public static CoderHttpLog Create(ILoggerFactory? factory) => factory is null ? None : new CoderHttpLog(factory.CreateLogger(Category));

    public bool IsEnabled(LogLevel level) => _logger.IsEnabled(level);

    [LoggerMessage(EventId = 1, EventName = "AttemptCompleted", Level = LogLevel.Debug,
        Message = "{Method} {Route} answered {StatusCode} in {ElapsedMs} ms (attempt {Attempt}, {Path})")]
    public partial void AttemptCompleted(string method, string route, int statusCode, long elapsedMs, int attempt, string path);

    [LoggerMessage(EventId = 2, EventName = "AttemptFailed", Level = LogLevel.Debug,
        Message = "{Method} {Route} failed after {ElapsedMs} ms (attempt {Attempt}, {Path}): {Error}")]
    public partial void AttemptFailed(string method, string route, long elapsedMs, int attempt, string path, string error, Exception exception);

    [LoggerMessage(EventId = 3, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "{Method} {Route}: retry {Retry} of {MaxRetries} in {DelayMs} ms after {Reason}")]
    public partial void RetryScheduled(string method, string route, int retry, int maxRetries, long delayMs, string reason);

    [LoggerMessage(EventId = 4, EventName = "RetryWithheld", Level = LogLevel.Information,
        Message = "{Method} {Route}: not retried after {Reason}: {Why}")]
    public partial void RetryWithheld(string method, string route, string reason, string why);

    [LoggerMessage(EventId = 5, EventName = "CircuitOpened", Level = LogLevel.Warning,
        Message = "Circuit to {Deployment} opened for {BreakMs} ms after {Reason}; requests are refused until it half-opens")]
    public partial void CircuitOpened(string deployment, long breakMs, string reason);

    [LoggerMessage(EventId = 6, EventName = "CircuitHalfOpened", Level = LogLevel.Information,
        Message = "Circuit to {Deployment} is half-open: the next request tests coderd")]
    public partial void CircuitHalfOpened(string deployment);

    [LoggerMessage(EventId = 7, EventName = "CircuitClosed", Level = LogLevel.Information,
        Message = "Circuit to {Deployment} closed: requests flow again")]
    public partial void CircuitClosed(string deployment);

    [LoggerMessage(EventId = 8, EventName = "ConcurrencyLimitReached", Level = LogLevel.Warning,
        Message = "{Method} {Route} refused: {Limit} requests are already in flight")]
    public partial void ConcurrencyLimitReached(string method, string route, int limit);

    [LoggerMessage(EventId = 9, EventName = "RedirectFollowed", Level = LogLevel.Debug,
        Message = "{Method} {Route}: following {StatusCode} redirect to {Target} (hop {Hop})")]
    public partial void RedirectFollowed(string method, string route, int statusCode, string target, int hop);

    [LoggerMessage(EventId = 10, EventName = "RedirectRefused", Level = LogLevel.Warning,
        Message = "{Method} {Route}: refused {StatusCode} redirect to {TargetOrigin}: {Why}")]
    public partial void RedirectRefused(string method, string route, int statusCode, string targetOrigin, string why);

    [LoggerMessage(EventId = 11, EventName = "TokenRefreshing", Level = LogLevel.Information,
        Message = "{Method} {Route} answered 401; repeating it once with a refreshed token")]
    public partial void TokenRefreshing(string method, string route);

    [LoggerMessage(EventId = 12, EventName = "TokenRefreshUnavailable", Level = LogLevel.Debug,
        Message = "{Method} {Route} answered 401 and the token provider had no other token")]
    public partial void TokenRefreshUnavailable(string method, string route);

    [LoggerMessage(EventId = 13, EventName = "HeaderCommandRan", Level = LogLevel.Debug,
        Message = "The header command produced {Count} headers: {Names}")]
    public partial void HeaderCommandRan(int count, string names);

    [LoggerMessage(EventId = 14, EventName = "HeaderCommandFailed", Level = LogLevel.Warning,
        Message = "The header command failed: {Error}")]
    public partial void HeaderCommandFailed(string error);

    [LoggerMessage(EventId = 15, EventName = "DangerousCertificateValidation", Level = LogLevel.Warning,
        Message = "Tls.DangerousAcceptAnyServerCertificate is on for {Deployment}: any certificate is accepted, so anyone on the network path can read the session token")]
    public partial void DangerousCertificateValidation(string deployment);

    [LoggerMessage(EventId = 16, EventName = "PlainHttpToRemoteHost", Level = LogLevel.Warning,
        Message = "{Deployment} is reached over plain http: the session token travels unencrypted; use https")]
    public partial void PlainHttpToRemoteHost(string deployment);

    [LoggerMessage(EventId = 17, EventName = "Headers", Level = LogLevel.Trace,
        Message = "{Direction} headers of {Method} {Route}: {Headers}")]
    public partial void Headers(string direction, string method, string route, string headers);

    [LoggerMessage(EventId = 18, EventName = "Body", Level = LogLevel.Trace,
        Message = "{Direction} body of {Method} {Route} ({Length} bytes): {Body}")]
    public partial void Body(string direction, string method, string route, long length, string body);

    [LoggerMessage(EventId = 19, EventName = "StreamReconnecting", Level = LogLevel.Warning,
        Message = "{Stream}: reconnect {Attempt} in {DelayMs} ms after {Cause}")]
    public partial void StreamReconnecting(string stream, int attempt, long delayMs, string cause);

    [LoggerMessage(EventId = 20, EventName = "StreamResumed", Level = LogLevel.Information,
        Message = "{Stream}: connected again after reconnect {Attempt}")]
    public partial void StreamResumed(string stream, int attempt);

    [LoggerMessage(EventId = 21, EventName = "VersionChecksOff", Level = LogLevel.Information,
        Message = "Version checks are off for {Deployment}: {Reason}. A 404 stays CoderNotFoundException and support checks answer Unknown")]
    public partial void VersionChecksOff(string deployment, string reason);

    [LoggerMessage(EventId = 22, EventName = "SettingsReloaded", Level = LogLevel.Information,
        Message = "The settings for {Deployment} were reloaded: the token and headers in them apply from this request on")]
    public partial void SettingsReloaded(string deployment);
}
