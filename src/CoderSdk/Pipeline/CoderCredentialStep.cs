using System.Net;
using CoderSdk.Auth;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// Stamps every request with the session token (read from the token provider per request, so tokens can rotate),
/// the user agent, the configured extra headers and the header command's headers. On a 401 it asks the provider once
/// for a fresh token and repeats the request with it. A request addressed to another origin than the deployment is
/// refused before any of that (<see cref="CoderForeignOriginException"/>): whatever reaches these handlers, the
/// named <see cref="HttpClient"/> of dependency injection included, never carries the token elsewhere.
/// </summary>
internal sealed class CoderCredentialStep : CoderPipelineStep
{
    /// <summary>The header coderd reads the session token from.</summary>
    public const string SessionTokenHeader = CoderHttpText.SessionTokenHeader;

    /// <summary>The header coderd reads a provisioner key from.</summary>
    public const string ProvisionerKeyHeader = CoderHttpText.ProvisionerKeyHeader;

    private readonly CoderHttpLog _log;
    private readonly CoderSecretScrubber _secrets;
    private readonly Uri? _deployment;
    private readonly Func<CoderClientOptions>? _live;
    private Credentials _credentials;

    public CoderCredentialStep(CoderClientOptions options)
        : this(options, CoderHttpLog.None)
    {
    }

    /// <summary>Creates the step for fixed settings, or for settings that can be reloaded.</summary>
    /// <param name="options">The settings the client was built with: the deployment and the secret scrubber come from them.</param>
    /// <param name="log">Where the step logs.</param>
    /// <param name="live">
    /// When set, read before every request: a reloaded token, token provider, extra headers or header command applies
    /// from the next request on (dependency injection passes its options monitor). The deployment address does not
    /// follow a reload.
    /// </param>
    public CoderCredentialStep(CoderClientOptions options, CoderHttpLog log, Func<CoderClientOptions>? live = null)
    {
        _log = log;
        _secrets = options.Secrets;
        _deployment = options.BaseUrl;
        _live = live;
        _credentials = new Credentials(options, log, _secrets);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EnsureSameOrigin(request);
        if (request.Content is null && !CoderHttpText.IsIdempotent(request.Method) && !call.IsStream)
        {
            // SocketsHttpHandler silently re-sends a bodiless request when a pooled connection closes before any response
            // byte arrives, even a POST the server may have acted on. An empty body (the same bytes on the wire) stops it.
            request.Content = new ByteArrayContent([]);
        }

        var credentials = CurrentCredentials();
        credentials.ApplyStaticHeaders(request);
        call.Secrets = _secrets;
        if (call.CallOptions is { } view)
        {
            // A view's per-call headers come after the client's, so they win where both name a header.
            foreach (var (name, value) in view.Headers)
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
                _secrets.Add(value);
            }
        }

        if (credentials.HeaderCommand is { } headerCommand)
        {
            // A name the command prints several times is sent with all its values, as the CLI does.
            foreach (var group in (await headerCommand.GetHeadersAsync(cancellationToken).ConfigureAwait(false)).GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                request.Headers.Remove(group.Key);
                request.Headers.TryAddWithoutValidation(group.Key, group.Select(h => h.Value));
                foreach (var header in group)
                {
                    _secrets.Add(header.Value);
                }
            }
        }

        if (call.Operation is { Credential: not CoderCredential.SessionToken } other)
        {
            // An operation with a credential of its own gets that one and never the session token.
            request.Headers.Remove(SessionTokenHeader);
            credentials.ApplyOperationCredential(request, other);
            return await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        }

        var tokens = credentials.Tokens;
        var token = tokens is null ? null : await tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        SetToken(request, token);

        var response = await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || !CanResend(request))
        {
            return response;
        }

        // A reloaded setting that changed the token since this request read it is the fresh token; otherwise the
        // provider may have one.
        var reloaded = _live is null ? null : CurrentCredentials().Tokens;
        var refreshed = reloaded is not null && !ReferenceEquals(reloaded, tokens)
            ? await reloaded.GetTokenAsync(cancellationToken).ConfigureAwait(false)
            : tokens is null ? null : await tokens.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        if (refreshed is null || refreshed.Equals(token))
        {
            _log.TokenRefreshUnavailable(request.Method.Method, CoderHttpText.RouteOf(request));
            return response;
        }

        _log.TokenRefreshing(request.Method.Method, CoderHttpText.RouteOf(request));
        response.Dispose();
        SetToken(request, refreshed);
        return await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Refuses a request whose absolute address is not on the deployment's origin (ws and wss count as http and https).</summary>
    internal void EnsureSameOrigin(HttpRequestMessage request)
    {
        if (_deployment is null || request.RequestUri is not { IsAbsoluteUri: true } uri || IsSameOrigin(uri, _deployment))
        {
            return;
        }

        var origin = uri.Scheme is "http" or "https" or "ws" or "wss" ? CoderHttpText.OriginOf(uri) : uri.Scheme + ":";
        throw new CoderForeignOriginException(request.Method.Method, origin, CoderHttpText.OriginOf(_deployment));
    }

    // IdnHost is computed once per Uri and cached; SocketsHttpHandler reads it for its connection pool key anyway, so
    // this check costs the request no allocation of its own (measured: 56 B for the first read of a fresh Uri, 0 after).
    private static bool IsSameOrigin(Uri uri, Uri deployment)
    {
        var scheme = uri.Scheme switch { "ws" => Uri.UriSchemeHttp, "wss" => Uri.UriSchemeHttps, var other => other };
        return string.Equals(scheme, deployment.Scheme, StringComparison.OrdinalIgnoreCase) &&
               string.Equals(uri.IdnHost, deployment.IdnHost, StringComparison.OrdinalIgnoreCase) &&
               uri.Port == deployment.Port;
    }

    internal void ApplyStaticHeaders(HttpRequestMessage request) => CurrentCredentials().ApplyStaticHeaders(request);

    /// <summary>
    /// The credentials of the settings in force: those the step was built with, or, with reloadable settings, those of
    /// the current options instance (rebuilt only when the instance changes, i.e. after a reload).
    /// </summary>
    private Credentials CurrentCredentials()
    {
        if (_live is null)
        {
            return _credentials;
        }

        CoderClientOptions current;
        try
        {
            current = _live();
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException invalid)
        {
            // A reload that left the settings unusable (an empty token, say) fails the call before anything is sent,
            // with the same sentences validation gives at start-up, instead of a 401 from coderd.
            throw new CoderConfigurationException([.. invalid.Failures]);
        }

        var known = Volatile.Read(ref _credentials);
        if (ReferenceEquals(known.Source, current))
        {
            return known;
        }

        var errors = current.GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new CoderConfigurationException(errors);
        }

        var fresh = new Credentials(current, _log, _secrets);
        Interlocked.CompareExchange(ref _credentials, fresh, known);
        _log.SettingsReloaded(CoderHttpText.OriginOf(_deployment!));
        return fresh;
    }

    private void SetToken(HttpRequestMessage request, CoderSessionToken? token)
    {
        request.Headers.Remove(SessionTokenHeader);
        if (token is not null)
        {
            _secrets.Add(token.Reveal());
            request.Headers.TryAddWithoutValidation(SessionTokenHeader, token.Reveal());
        }
    }

    // A body that has already been sent can be sent again only when it is buffered (the SDK's JSON bodies are).
    private static bool CanResend(HttpRequestMessage request) => CoderHttpText.IsReplayable(request.Content);

    /// <summary>What one options instance says to send: token source, user agent, extra headers, header command.</summary>
    private sealed class Credentials
    {
        private readonly string _userAgent;
        private readonly KeyValuePair<string, string>[] _headers;

        public Credentials(CoderClientOptions options, CoderHttpLog log, CoderSecretScrubber secrets)
        {
            Source = options;
            Tokens = options.ResolveTokenProvider();
            HeaderCommand = options.HeaderCommand is null ? null : new CoderHeaderCommand(options, log);
            _userAgent = options.EffectiveUserAgent;
            _headers = [.. options.Headers];
            secrets.Add(options.SessionToken);
            secrets.Add(options.ProvisionerKey);
            secrets.Add(options.ScimApiKey);
            foreach (var (_, value) in _headers)
            {
                secrets.Add(value);
            }
        }

        public CoderClientOptions Source { get; }

        /// <summary>Sets the credential <paramref name="operation"/> names, or refuses the call when it is not configured.</summary>
        public void ApplyOperationCredential(HttpRequestMessage request, CoderOperation operation)
        {
            var (setting, key) = operation.Credential switch
            {
                CoderCredential.ProvisionerKey => ("ProvisionerKey", Source.ProvisionerKey),
                CoderCredential.ScimApiKey => ("ScimApiKey", Source.ScimApiKey),
                _ => (null, null),
            };
            if (key is null)
            {
                throw new CoderConfigurationException([setting is null
                    ? $"{operation} authenticates with {operation.Credential}, which the SDK has no setting for; nothing was sent."
                    : $"{operation} authenticates with a {operation.Credential} credential, not the session token: set CoderClientOptions.{setting} (configuration key '{setting}'). Nothing was sent."]);
            }

            if (operation.Credential == CoderCredential.ProvisionerKey)
            {
                request.Headers.Remove(ProvisionerKeyHeader);
                request.Headers.TryAddWithoutValidation(ProvisionerKeyHeader, key);
            }
            else
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            }
        }

        public ICoderTokenProvider? Tokens { get; }

        public CoderHeaderCommand? HeaderCommand { get; }

        public void ApplyStaticHeaders(HttpRequestMessage request)
        {
            var headers = request.Headers;
            if (!headers.Contains("User-Agent"))
            {
                headers.TryAddWithoutValidation("User-Agent", _userAgent);
            }

            foreach (var (name, value) in _headers)
            {
                headers.Remove(name);
                headers.TryAddWithoutValidation(name, value);
            }
        }
    }
}
