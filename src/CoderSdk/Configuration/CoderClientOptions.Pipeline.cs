using CoderSdk.Auth;
using CoderSdk.Errors;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Configuration;

// The request pipeline's settings (resilience, TLS, logging, header command, redirects) and the environment reader.
public sealed partial class CoderClientOptions
{
    /// <summary>The default for <see cref="HeaderCommandRefreshInterval"/>: five minutes.</summary>
    public static readonly TimeSpan DefaultHeaderCommandRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly List<string> _configurationErrors = [];

    /// <summary>Timeouts, retries, circuit breaker and concurrency limit. Configuration section: <c>Resilience</c>.</summary>
    public CoderResilienceOptions Resilience { get; } = new();

    /// <summary>Custom CA, client certificate and server name. Configuration section: <c>Tls</c>.</summary>
    public CoderTlsOptions Tls { get; } = new();

    /// <summary>What the SDK's request logging includes besides method, route, status and timing. Configuration section: <c>HttpLogging</c>.</summary>
    public CoderHttpLoggingOptions HttpLogging { get; } = new();

    /// <summary>
    /// Where the SDK logs (category <c>CoderSdk.Http</c>). With dependency injection the host's factory is used when
    /// this is null; without it, nothing is logged unless this is set.
    /// </summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// A shell command that prints extra headers, one <c>key=value</c> per line, like the Coder CLI's
    /// <c>--header-command</c> (<c>CODER_HEADER_COMMAND</c>). It runs through <c>sh -c</c> (<c>cmd.exe /c</c> on Windows)
    /// with <c>CODER_URL</c> set to the deployment, before the first request and again every
    /// <see cref="HeaderCommandRefreshInterval"/>. Configuration key: <c>HeaderCommand</c>.
    /// </summary>
    public string? HeaderCommand { get; set; }

    /// <summary>
    /// How long the header command's output is reused before the command runs again. <see cref="Timeout.InfiniteTimeSpan"/>
    /// runs it once. Default: <see cref="DefaultHeaderCommandRefreshInterval"/>.
    /// </summary>
    public TimeSpan HeaderCommandRefreshInterval { get; set; } = DefaultHeaderCommandRefreshInterval;

    /// <summary>How long the header command may run before it is stopped and the request fails. Default: 30 seconds.</summary>
    public TimeSpan HeaderCommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many redirects one request may follow (0 follows none). Only redirects to the same origin, or from http to
    /// https on the same host, are followed; any other is a <see cref="CoderRedirectException"/>. Default: 5.
    /// </summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>Where <see cref="FromEnvironment(Func{string, string?}?)"/> found the URL and the token; null for options built by hand.</summary>
    public CoderCredentialSource? CredentialSource { get; private set; }

    /// <summary>
    /// Builds options the way the Coder CLI finds its deployment: the URL from <c>CODER_URL</c>, else the CLI's config
    /// directory (<c>CODER_CONFIG_DIR</c>, else the CLI's platform default) file <c>url</c>; the token from
    /// <c>CODER_SESSION_TOKEN</c>, else that directory's <c>session</c> file (re-read when coderd answers 401, so a
    /// <c>coder login</c> in the meantime is picked up). <c>CODER_HEADER</c> and <c>CODER_HEADER_COMMAND</c> are applied too.
    /// <see cref="CredentialSource"/> says what was used.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads a variable; the process environment when null (tests pass their own).</param>
    /// <returns>The options; call <see cref="Validate"/> (or create a client) to learn whether they are complete.</returns>
    public static CoderClientOptions FromEnvironment(Func<string, string?>? getEnvironmentVariable = null) =>
        CoderEnvironment.Read(getEnvironmentVariable ?? Environment.GetEnvironmentVariable);

    internal void SetCredentialSource(CoderCredentialSource source) => CredentialSource = source;

    /// <summary>Records a problem found while reading configuration or the environment; <see cref="Validate"/> reports it.</summary>
    internal void AddConfigurationError(string error) => _configurationErrors.Add(error);

    /// <summary>The problems recorded by <see cref="AddConfigurationError"/> so far.</summary>
    internal IReadOnlyList<string> ConfigurationErrors => _configurationErrors;

    private void AddPipelineValidationErrors(List<string> errors)
    {
        errors.AddRange(_configurationErrors);
        foreach (var setting in CoderSettings.All)
        {
            setting.Check(this, errors);
        }

        Resilience.AddValidationErrors(errors);
        CoderTls.Load(Tls, errors);
    }
}
