using System.Net;

namespace CoderSdk.Http;

/// <summary>
/// Stamps every request with the session token (read from the token provider per request, so tokens can rotate),
/// the user agent and the configured extra headers. On a 401 it asks the provider once for a fresh token and
/// repeats the request with it.
/// </summary>
internal sealed class CoderAuthHandler : DelegatingHandler
{
    /// <summary>The header coderd reads the session token from.</summary>
    public const string SessionTokenHeader = "Coder-Session-Token";

    private readonly CoderClientOptions _options;
    private readonly ICoderTokenProvider? _tokens;

    public CoderAuthHandler(CoderClientOptions options)
    {
        _options = options;
        _tokens = options.ResolveTokenProvider();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ApplyStaticHeaders(request);
        var token = _tokens is null ? null : await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        SetToken(request, token);

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized || _tokens is null || !CanResend(request))
        {
            return response;
        }

        var refreshed = await _tokens.RefreshAsync(token, cancellationToken).ConfigureAwait(false);
        if (refreshed is null || refreshed.Equals(token))
        {
            return response;
        }

        response.Dispose();
        SetToken(request, refreshed);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
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

    private static void SetToken(HttpRequestMessage request, CoderSessionToken? token)
    {
        request.Headers.Remove(SessionTokenHeader);
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation(SessionTokenHeader, token.Reveal());
        }
    }

    // A body that has already been sent can be sent again only when it is buffered (the SDK's JSON bodies are).
    private static bool CanResend(HttpRequestMessage request) =>
        request.Content is null or ByteArrayContent;
}
