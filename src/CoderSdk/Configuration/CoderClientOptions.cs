using System.Reflection;
using System.Runtime.InteropServices;
using CoderSdk.Auth;
using CoderSdk.Errors;
using CoderSdk.Http;
using Microsoft.Extensions.Configuration;

namespace CoderSdk.Configuration;

/// <summary>
/// Settings for a <see cref="CoderClient"/>: where the deployment is, how to authenticate, and what to add to every
/// request. Bindable from configuration (keys such as <c>Url</c>, <c>SessionToken</c> and <c>Headers:X-Team</c>, and the
/// sections <c>Resilience</c>, <c>Tls</c>, <c>Streaming</c> and <c>HttpLogging</c>; README's "Configuration keys" lists every key).
/// </summary>
/// <remarks><see cref="ToString"/> never prints the session token, the other keys, the certificate password or header values.</remarks>
public sealed partial class CoderClientOptions
{
    private static readonly string DefaultUserAgentValue = BuildDefaultUserAgent();
    private CoderSecretScrubber? _secrets;

    /// <summary>
    /// The top-level settings, one row each: the binder, <see cref="Clone"/>, <see cref="ToString"/>, the per-value
    /// checks and README's key table follow from these rows and those of the sections (<see cref="CoderSettings.All"/>).
    /// </summary>
    internal static readonly CoderSetting[] Settings = CreateSettings(new CoderSettingSection<CoderClientOptions>(null, static o => o));

    private static CoderSetting[] CreateSettings(CoderSettingSection<CoderClientOptions> s) =>
    [
        s.Row(nameof(BaseUrl), CoderSettingTypes.Url, o => o.BaseUrl, (o, v) => o.BaseUrl = v, key: "Url", alwaysShown: true,
            doc: "the deployment root, e.g. `https://coder.example.com` (no path, query or user name)"),
        s.Row(nameof(SessionToken), CoderSettingTypes.Text, o => o.SessionToken, (o, v) => o.SessionToken = v, secret: true, alwaysShown: true,
            doc: "a session token or API key (`coder tokens create`), sent as `Coder-Session-Token`"),
        s.Row(nameof(ProvisionerKey), CoderSettingTypes.Text, o => o.ProvisionerKey, (o, v) => o.ProvisionerKey = v, secret: true,
            check: v => CredentialProblem(nameof(ProvisionerKey), v),
            doc: "a provisioner key, sent only to the operations that authenticate with one (`Provisioning.GetKeyAsync`), which get no session token"),
        s.Row(nameof(ScimApiKey), CoderSettingTypes.Text, o => o.ScimApiKey, (o, v) => o.ScimApiKey = v, secret: true,
            check: v => CredentialProblem(nameof(ScimApiKey), v),
            doc: "the deployment's SCIM key, sent as `Authorization: Bearer` only to the SCIM operations (`client.Scim`), which get no session token"),
        s.Row(nameof(TokenProvider), CoderSettingTypes.Object<ICoderTokenProvider?>(), o => o.TokenProvider, (o, v) => o.TokenProvider = v,
            doc: "supplies the token per request; takes precedence over SessionToken"),
        s.Row(nameof(AllowAnonymous), CoderSettingTypes.Bool, o => o.AllowAnonymous, (o, v) => o.AllowAnonymous = v,
            doc: "`true` allows a client with no token (for build info and login)"),
        s.Row(nameof(UserAgent), CoderSettingTypes.Text, o => o.UserAgent, (o, v) => o.UserAgent = v,
            defaultText: "`CoderSdk/<version> (.NET <version>; <os>)`",
            check: v => v is not null && v.Any(char.IsControl) ? "CoderClientOptions.UserAgent contains a control character." : null,
            doc: "the `User-Agent` header"),
        s.Row(nameof(Headers), CoderSettingTypes.HeaderMap, o => o.Headers, (o, v) => CopyHeaders(v, o.Headers), key: "Headers", secret: true,
            describe: v => "[" + string.Join(", ", v.Keys) + "]",
            doc: "extra headers sent on every request (`Headers:X-Team`), e.g. for a proxy in front of coderd; values never printed"),
        s.Row(nameof(TimeProvider), CoderSettingTypes.Object<TimeProvider>(), o => o.TimeProvider, (o, v) => o.TimeProvider = v,
            doc: "the clock for timeouts, backoff and waits"),
        s.Row(nameof(Streaming), CoderSettingType<CoderStreamOptions>.Code("object", v => v is null ? "none" : "set", v => v?.Clone()!),
            o => o.Streaming, (o, v) => o.Streaming = v, describe: v => v is null ? "none" : null,
            doc: "the live streams' section (its settings are rows of their own)"),
        s.Row(nameof(LoggerFactory), CoderSettingTypes.Object<Microsoft.Extensions.Logging.ILoggerFactory?>(), o => o.LoggerFactory, (o, v) => o.LoggerFactory = v,
            doc: "where the SDK logs when no host supplies a factory"),
        s.Row(nameof(HeaderCommand), CoderSettingTypes.Text, o => o.HeaderCommand, (o, v) => o.HeaderCommand = v, secret: true,
            describe: v => v is null ? "none" : "(set)",
            check: v => v is not null && string.IsNullOrWhiteSpace(v) ? "HeaderCommand is empty; set a command or leave it null." : null,
            doc: "a shell command printing `key=value` header lines, like the CLI's `--header-command`; never printed"),
        s.Row(nameof(HeaderCommandRefreshInterval), CoderSettingTypes.Duration, o => o.HeaderCommandRefreshInterval, (o, v) => o.HeaderCommandRefreshInterval = v,
            check: v => v != Timeout.InfiniteTimeSpan && v <= TimeSpan.Zero
                ? $"HeaderCommandRefreshInterval is {CoderResilienceOptions.Format(v)}; it must be positive, or Timeout.InfiniteTimeSpan to run the command once."
                : null,
            doc: "how long the header command's output is reused; infinite runs it once"),
        s.Row(nameof(HeaderCommandTimeout), CoderSettingTypes.Duration, o => o.HeaderCommandTimeout, (o, v) => o.HeaderCommandTimeout = v,
            check: v => v <= TimeSpan.Zero && v != Timeout.InfiniteTimeSpan ? $"HeaderCommandTimeout is {CoderResilienceOptions.Format(v)}; it must be positive." : null,
            doc: "how long the header command may run"),
        s.Row(nameof(MaxRedirects), CoderSettingTypes.Int, o => o.MaxRedirects, (o, v) => o.MaxRedirects = v,
            check: v => v is < 0 or > 20 ? $"MaxRedirects is {v}; it must be between 0 and 20." : null,
            doc: "how many same-origin redirects one request may follow (0 to 20)"),
        s.Row(nameof(CredentialSource), CoderSettingType<CoderCredentialSource?>.Code("object", v => v is null ? "none" : v.ToString()),
            o => o.CredentialSource, (o, v) => o.CredentialSource = v,
            doc: "where FromEnvironment found the URL and the token"),
    ];

    private static string? CredentialProblem(string name, string? value) =>
        value is not null && (string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl))
            ? $"CoderClientOptions.{name} is empty or contains a control character (a trailing line break from a file?)."
            : null;

    private static void CopyHeaders(IDictionary<string, string> from, IDictionary<string, string> to)
    {
        if (ReferenceEquals(from, to))
        {
            return;
        }

        foreach (var (name, value) in from)
        {
            to[name] = value;
        }
    }

    /// <summary>
    /// The deployment root, e.g. <c>https://coder.example.com</c>. It must be absolute, http or https, and carry
    /// no path, query, fragment or user name. Configuration key: <c>Url</c>.
    /// </summary>
    [ConfigurationKeyName("Url")]
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The session token (API key) sent as the <c>Coder-Session-Token</c> header. Ignored when
    /// <see cref="TokenProvider"/> is set. Configuration key: <c>SessionToken</c>.
    /// </summary>
    public string? SessionToken { get; set; }

    /// <summary>
    /// A provisioner key (<c>coder provisioner keys create</c>), sent as the <c>Coder-Provisioner-Daemon-Key</c> header
    /// to the operations that authenticate with one (<c>GET /api/v2/provisionerkeys/{provisionerkey}</c>) and to no
    /// other; those operations get no session token. Configuration key: <c>ProvisionerKey</c>.
    /// </summary>
    public string? ProvisionerKey { get; set; }

    /// <summary>
    /// The deployment's SCIM key (<c>CODER_SCIM_AUTH_HEADER</c> on the server), sent as <c>Authorization: Bearer</c>
    /// to the SCIM operations (<c>/scim/v2/...</c>) and to no other; those operations get no session token.
    /// Configuration key: <c>ScimApiKey</c>.
    /// </summary>
    public string? ScimApiKey { get; set; }

    /// <summary>Supplies the token per request (rotation, refresh on 401). Takes precedence over <see cref="SessionToken"/>.</summary>
    public ICoderTokenProvider? TokenProvider { get; set; }

    /// <summary>
    /// Allows a client with no token, for the few endpoints that need no login (build info, login itself).
    /// Without it, a missing token fails validation.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>The <c>User-Agent</c> header. Defaults to <see cref="DefaultUserAgent"/>.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Headers added to every request, for example those a proxy in front of coderd demands.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The clock used for timeouts, backoff and waits. Tests substitute their own.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How log follows and watches connect, stay alive and reconnect.</summary>
    public CoderStreamOptions Streaming { get; set; } = new();

    /// <summary>The default user agent: <c>CoderSdk/&lt;version&gt; (.NET &lt;version&gt;; &lt;os&gt;)</c>.</summary>
    public static string DefaultUserAgent => DefaultUserAgentValue;

    /// <summary>The secrets this client sends (tokens, header values), masked in server text; each options instance (and so each client) has its own.</summary>
    internal CoderSecretScrubber Secrets => LazyInitializer.EnsureInitialized(ref _secrets, static () => new CoderSecretScrubber());

    internal string EffectiveUserAgent => string.IsNullOrWhiteSpace(UserAgent) ? DefaultUserAgentValue : UserAgent;

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One readable sentence per problem.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (BaseUrl is null)
        {
            errors.Add("CoderClientOptions.BaseUrl (configuration key 'Url') is required: set it to the deployment's address, e.g. https://coder.example.com." +
                (CredentialSource is { } source ? " " + source.DescribeSearch() : string.Empty));
        }
        else if (!BaseUrl.IsAbsoluteUri)
        {
            errors.Add($"CoderClientOptions.BaseUrl must be an absolute URL such as https://coder.example.com; '{BaseUrl.OriginalString}' is relative.");
        }
        else
        {
            if (BaseUrl.Scheme != Uri.UriSchemeHttps && BaseUrl.Scheme != Uri.UriSchemeHttp)
            {
                errors.Add($"CoderClientOptions.BaseUrl must use http or https; '{BaseUrl.Scheme}' is not supported.");
            }

            if (BaseUrl.AbsolutePath is not ("/" or ""))
            {
                errors.Add($"CoderClientOptions.BaseUrl must be the deployment root without a path (the SDK adds /api/v2); remove '{BaseUrl.AbsolutePath}'.");
            }

            if (BaseUrl.Query.Length > 0 || BaseUrl.Fragment.Length > 0)
            {
                errors.Add("CoderClientOptions.BaseUrl must not carry a query string or fragment.");
            }

            if (BaseUrl.UserInfo.Length > 0)
            {
                errors.Add("CoderClientOptions.BaseUrl must not carry credentials; use SessionToken or TokenProvider.");
            }
        }

        if (TokenProvider is null)
        {
            if (SessionToken is null)
            {
                if (!AllowAnonymous && ProvisionerKey is null && ScimApiKey is null)
                {
                    errors.Add("No session token: set CoderClientOptions.SessionToken (configuration key 'SessionToken') or TokenProvider, or set AllowAnonymous for endpoints that need no login." +
                        (CredentialSource is { } source ? " " + source.DescribeSearch() : string.Empty));
                }
            }
            else if (string.IsNullOrWhiteSpace(SessionToken))
            {
                errors.Add("CoderClientOptions.SessionToken is empty.");
            }
            else if (SessionToken.Any(char.IsControl))
            {
                errors.Add("CoderClientOptions.SessionToken contains a control character (a trailing line break from a file?).");
            }
        }

        errors.AddRange(Streaming?.GetValidationErrors() ?? ["CoderClientOptions.Streaming must not be null."]);

        CoderHttpText.AddHeaderErrors(Headers, "CoderClientOptions.Headers", "use SessionToken or TokenProvider so the token stays protected", errors);

        AddPipelineValidationErrors(errors);
        return errors;
    }

    /// <summary>Throws when the settings are unusable.</summary>
    /// <exception cref="CoderConfigurationException">One or more settings are invalid; the message lists each.</exception>
    public void Validate()
    {
        var errors = GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new CoderConfigurationException(errors);
        }
    }

    /// <summary>A copy with the same settings; the header dictionary is copied, providers are shared.</summary>
    /// <returns>The copy.</returns>
    public CoderClientOptions Clone()
    {
        var copy = new CoderClientOptions();
        foreach (var setting in CoderSettings.All)
        {
            setting.Copy(this, copy);
        }

        copy._configurationErrors.AddRange(_configurationErrors);
        return copy;
    }

    internal ICoderTokenProvider? ResolveTokenProvider() =>
        TokenProvider ?? (string.IsNullOrWhiteSpace(SessionToken) ? null : new StaticCoderTokenProvider(new CoderSessionToken(SessionToken)));

    /// <summary>
    /// Describes the settings without secrets: the URL (origin only) and the session token always, every other setting
    /// only when it differs from its default. Tokens, keys and the certificate password show as <c>****</c>, headers by
    /// name only, the header command as <c>(set)</c>.
    /// </summary>
    /// <returns>A safe description, e.g. <c>CoderClientOptions { BaseUrl = https://coder.example.com, SessionToken = ****, Resilience.MaxRetries = 5 }</c>.</returns>
    public override string ToString()
    {
        var parts = new List<string>();
        foreach (var setting in CoderSettings.All)
        {
            if (setting.Describe(this) is { } text && (setting.AlwaysShown || text != setting.Describe(CoderSettings.Defaults)))
            {
                parts.Add($"{setting.Path} = {text}");
            }
        }

        return $"CoderClientOptions {{ {string.Join(", ", parts)} }}";
    }

    private static string BuildDefaultUserAgent()
    {
        var version = typeof(CoderClientOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+');
        if (plus > 0)
        {
            version = version[..plus];
        }

        var os = RuntimeInformation.OSDescription;
        var clean = new string(os.Where(c => c >= ' ' && c < 127 && c is not '(' and not ')' and not ';').ToArray()).Trim();
        return $"CoderSdk/{version} (.NET {Environment.Version}; {clean})";
    }
}
