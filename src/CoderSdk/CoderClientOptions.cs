using System.Reflection;
using System.Runtime.InteropServices;
using CoderSdk.Http;
using Microsoft.Extensions.Configuration;

namespace CoderSdk;

/// <summary>
/// Settings for a <see cref="CoderClient"/>: where the deployment is, how to authenticate, and what to add to every
/// request. Bindable from configuration (keys <c>Url</c>, <c>SessionToken</c>, <c>UserAgent</c>, <c>Headers</c>,
/// <c>HeaderCommand</c>, <c>MaxRedirects</c>, and the sections <c>Resilience</c>, <c>Tls</c> and <c>HttpLogging</c>).
/// </summary>
/// <remarks><see cref="ToString"/> never prints the session token.</remarks>
public sealed partial class CoderClientOptions
{
    private static readonly string DefaultUserAgentValue = BuildDefaultUserAgent();
    private CoderSecretScrubber? _secrets;

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
                if (!AllowAnonymous)
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

        if (UserAgent is not null && UserAgent.Any(char.IsControl))
        {
            errors.Add("CoderClientOptions.UserAgent contains a control character.");
        }

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
        var copy = new CoderClientOptions
        {
            BaseUrl = BaseUrl,
            SessionToken = SessionToken,
            TokenProvider = TokenProvider,
            AllowAnonymous = AllowAnonymous,
            UserAgent = UserAgent,
            TimeProvider = TimeProvider,
            Streaming = Streaming?.Clone()!,
        };
        foreach (var (name, value) in Headers)
        {
            copy.Headers[name] = value;
        }

        CopyPipelineSettingsTo(copy);
        return copy;
    }

    internal ICoderTokenProvider? ResolveTokenProvider() =>
        TokenProvider ?? (string.IsNullOrWhiteSpace(SessionToken) ? null : new StaticCoderTokenProvider(new CoderSessionToken(SessionToken)));

    /// <summary>Describes the settings without secrets: the token shows as <c>****</c>, header values are hidden.</summary>
    /// <returns>A safe description.</returns>
    public override string ToString()
    {
        var token = TokenProvider is not null ? TokenProvider.GetType().Name : SessionToken is null ? "none" : "****";
        return $"CoderClientOptions {{ BaseUrl = {BaseUrl?.GetLeftPart(UriPartial.Authority) ?? "(unset)"}, SessionToken = {token}, UserAgent = {EffectiveUserAgent}, Headers = [{string.Join(", ", Headers.Keys)}], {DescribePipeline()} }}";
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
