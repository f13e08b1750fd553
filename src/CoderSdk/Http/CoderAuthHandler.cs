using System.Net;

namespace CoderSdk.Http;

/// <summary>
/// Stamps every request with the session token (read from the token provider per request, so tokens can rotate),
/// the user agent, the configured extra headers and the header command's headers. On a 401 it asks the provider once
/// for a fresh token and repeats the request with it. A request addressed to another origin than the deployment is
/// refused before any of that (<see cref="CoderForeignOriginException"/>): whatever reaches these handlers, the
/// named <see cref="HttpClient"/> of dependency injection included, never carries the token elsewhere.
/// </summary>
internal sealed class CoderAuthHandler : CoderPipelineStep
{
    /// <summary>The header coderd reads the session token from.</summary>
    public const string SessionTokenHeader = "Coder-Session-Token";

    private readonly CoderClientOptions _options;
    private readonly ICoderTokenProvider? _tokens;
    private readonly CoderHttpLog _log;
    private readonly CoderHeaderCommand? _headerCommand;
    private readonly CoderSecretScrubber _secrets;
    private readonly Uri? _deployment;

    public CoderAuthHandler(CoderClientOptions options)
        : this(options, CoderHttpLog.None)
    {
    }

    public CoderAuthHandler(CoderClientOptions options, CoderHttpLog log)
    {
        _options = options;
        _tokens = options.ResolveTokenProvider();
        _log = log;
        _headerCommand = options.HeaderCommand is null ? null : new CoderHeaderCommand(options, log);
        _secrets = options.Secrets;
        _deployment = options.BaseUrl;
        _secrets.Add(options.SessionToken);
        foreach (var value in options.Headers.Values)
        {
            _secrets.Add(value);
        }
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        EnsureSameOrigin(request);
        if (request.Content is null && !CoderHttpText.IsIdempotent(request.Method) && !CoderHttpText.IsStream(request))
        {
            // SocketsHttpHandler silently re-sends a bodiless request when a pooled connection closes before any response
            // byte arrives, even a POST the server may have acted on. An empty body (the same bytes on the wire) stops it.
            request.Content = new ByteArrayContent([]);
        }

        ApplyStaticHeaders(request);
        CoderCallState.Of(request).Secrets = _secrets;
        if (_headerCommand is not null)
        {
            // A name the command prints several times is sent with all its values, as the CLI does.
            foreach (var group in (await _headerCommand.GetHeadersAsync(cancellationToken).ConfigureAwait(false)).GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                request.Headers.Remove(group.Key);
                request.Headers.TryAddWithoutValidation(group.Key, group.Select(h => h.Value));
                foreach (var header in group)
                {
                    _secrets.Add(header.Value);
                }
            }
        }

        var token = _tokens is null ? null : await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        SetToken(request, token);

        var response = await SendNextAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || _tokens is null || !CanResend(request))
        {
            return response;
        }

        var refreshed = await _tokens.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        if (refreshed is null || refreshed.Equals(token))
        {
            _log.TokenRefreshUnavailable(request.Method.Method, CoderHttpText.RouteOf(request));
            return response;
        }

        _log.TokenRefreshing(request.Method.Method, CoderHttpText.RouteOf(request));
        response.Dispose();
        SetToken(request, refreshed);
        return await SendNextAsync(request, cancellationToken).ConfigureAwait(false);
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

    internal void ApplyStaticHeaders(HttpRequestMessage request)
    {
        var headers = request.Headers;
        if (!headers.Contains("User-Agent"))
        {
            headers.TryAddWithoutValidation("User-Agent", _options.EffectiveUserAgent);
        }

        foreach (var (name, value) in _options.Headers)
        {
            headers.Remove(name);
            headers.TryAddWithoutValidation(name, value);
        }
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
}
