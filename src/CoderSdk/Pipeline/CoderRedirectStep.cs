using System.Net;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;

namespace CoderSdk.Pipeline;

/// <summary>
/// Follows redirects itself, because .NET's automatic redirects (turned off in the SDK's transport) would carry the
/// <c>Coder-Session-Token</c> header to any host. It follows 307 and 308 for every method, and 301, 302 and 303 for GET
/// and HEAD, when the target is the same origin or the same host moving from http to https, up to
/// <see cref="CoderClientOptions.MaxRedirects"/> hops. Any other redirect is a <see cref="CoderRedirectException"/>
/// and nothing is sent to its target. Stream handshakes (WebSocket upgrades, Server-Sent Events) follow the same rules
/// as any GET; only an operation that documents a redirect as its answer gets the redirect back unfollowed.
/// </summary>
internal sealed class CoderRedirectStep(CoderClientOptions options, CoderHttpLog log) : CoderPipelineStep
{
    private readonly int _maxRedirects = options.MaxRedirects;

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        if (call.Operation is { ExpectsRedirect: true })
        {
            return response;
        }

        for (var hop = 1; CoderPipelineErrors.IsRedirect(response.StatusCode); hop++)
        {
            var status = response.StatusCode;
            var keepsMethod = status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
            if ((!keepsMethod && request.Method != HttpMethod.Get && request.Method != HttpMethod.Head) || response.Headers.Location is not { } location)
            {
                // A 301/302/303 answer to a POST is the operation's result, not an instruction to re-send it.
                return response;
            }

            // A WebSocket upgrade arrives here as ws:// or wss://; its redirects are judged as the http(s) they travel over.
            var upgrade = request.RequestUri!.Scheme is "ws" or "wss";
            var from = AsHttp(request.RequestUri!);
            var target = AsHttp(location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location));
            if (Refusal(from, target, hop) is { } why)
            {
                var origin = target.IsAbsoluteUri && target.Scheme is "http" or "https" ? CoderHttpText.OriginOf(target) : null;
                log.RedirectRefused(request.Method.Method, CoderHttpText.RouteOf(request), (int)status, origin ?? "(not an http URL)", why);
                var info = CoderPipelineErrors.Describe(request, response, $"coderd redirected the request to {origin ?? "a non-http location"}, which the SDK does not follow: {why}; nothing was sent there");
                response.Dispose();
                throw new CoderRedirectException(info, origin);
            }

            if (!CoderHttpText.IsReplayable(request.Content))
            {
                return response;
            }

            log.RedirectFollowed(request.Method.Method, CoderHttpText.RouteOf(request), (int)status, CoderHttpText.OriginOf(target) + CoderHttpText.RedactedTarget(target), hop);
            response.Dispose();
            var next = new Uri(target.GetLeftPart(UriPartial.Query));
            request.RequestUri = upgrade ? CoderConnection.ToWebSocketUri(next) : next;
            response = await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private static Uri AsHttp(Uri uri) => uri.IsAbsoluteUri && uri.Scheme is "ws" or "wss"
        ? new UriBuilder(uri) { Scheme = uri.Scheme == "wss" ? Uri.UriSchemeHttps : Uri.UriSchemeHttp }.Uri
        : uri;

    /// <summary>Why a redirect from <paramref name="from"/> to <paramref name="to"/> must not be followed, or null when it may.</summary>
    internal string? Refusal(Uri from, Uri to, int hop)
    {
        if (hop > _maxRedirects)
        {
            return _maxRedirects == 0 ? "following redirects is turned off (MaxRedirects is 0)" : $"it is redirect number {hop}, more than MaxRedirects ({_maxRedirects})";
        }

        if (!to.IsAbsoluteUri || to.Scheme is not ("http" or "https") || to.UserInfo.Length > 0)
        {
            return "only plain http and https targets without credentials are followed";
        }

        if (!string.Equals(from.IdnHost, to.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            return $"it leaves the deployment's host ({CoderHttpText.OriginOf(from)}), and the session token must not go to another origin";
        }

        if (from.Scheme == to.Scheme)
        {
            return from.Port == to.Port ? null : $"it moves to another port of the same host ({CoderHttpText.OriginOf(from)}), which is another origin";
        }

        return from.Scheme == Uri.UriSchemeHttp ? null : "it moves from https to http, which would send the session token unencrypted";
    }
}
