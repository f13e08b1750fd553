using System.Net;
using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;

namespace CoderSdk.Pipeline;

/// <summary>Stream transport: WebSocket upgrades and Server-Sent-Event requests through the SDK's own handler chain.</summary>
internal sealed partial class CoderConnection
{
    /// <summary>The client's settings (streaming options, clock); a default set when the connection was built bare.</summary>
    public CoderClientOptions Settings { get; init; } = new();

    public CoderStreamOptions StreamOptions => Settings.Streaming;

    public TimeProvider Time => Settings.TimeProvider;

    /// <summary>The client's secrets, masked in whatever text a stream surfaces from the server.</summary>
    public CoderSecretScrubber Secrets => Settings.Secrets;

    /// <summary>The client's log (category <c>CoderSdk.Http</c>), for stream events.</summary>
    public CoderHttpLog Log => LazyInitializer.EnsureInitialized(ref _log, () => CoderHttpLog.Create(LoggerFactory ?? Settings.LoggerFactory));

    /// <summary>The logger factory dependency injection resolved when the options name none; null outside DI.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    private CoderHttpLog? _log;

    /// <summary>
    /// Opens a WebSocket for <paramref name="request"/>. The upgrade goes through the same handler chain as every
    /// other request (token header, user agent, extra headers, TLS, proxy), marked as a stream so resilience handlers
    /// let it through. A non-101 answer becomes the matching <see cref="CoderApiException"/>.
    /// </summary>
    /// <param name="request">The stream request (path and query; its method must be GET).</param>
    /// <param name="serverReads">
    /// True when the server side reads the socket and so answers pings (coderd's one-way watch sockets); only then is
    /// a keep-alive timeout set. coderd's log-follow sockets never read, so a client ping would go unanswered.
    /// </param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    public async Task<ClientWebSocket> ConnectWebSocketAsync(CoderRequest request, bool serverReads, CancellationToken cancellationToken)
    {
        var options = StreamOptions;
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = options.KeepAliveInterval;
#if NET9_0_OR_GREATER
        if (serverReads && options.KeepAliveTimeout > TimeSpan.Zero && options.KeepAliveInterval > TimeSpan.Zero)
        {
            socket.Options.KeepAliveTimeout = options.KeepAliveTimeout;
        }
#endif

        // No permessage-deflate: DangerousDeflateOptions stays unset, so the SDK never offers compression.
        var upgrade = new UpgradeHandler(this, request);
        using var invoker = new HttpMessageInvoker(upgrade, disposeHandler: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(ToWebSocketUri(request.BuildUri(BaseUrl)), invoker, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception) when (upgrade.Failure is { } failure)
        {
            socket.Dispose();
            throw failure;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"Opening the stream {request.Method} {request.RouteTemplate} took longer than {options.ConnectTimeout.TotalSeconds:0.###} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Sends a stream request (Server-Sent Events) and returns the response once its headers have arrived, body
    /// unread. A status the request does not expect becomes the matching <see cref="CoderApiException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendStreamAsync(CoderRequest request, CancellationToken cancellationToken)
    {
        using var message = request.ToHttpRequestMessage(BaseUrl, "text/event-stream");
        CoderCallState.SentBy(message, Versions);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StreamOptions.ConnectTimeout);
        HttpResponseMessage response;
        try
        {
            response = await SendHeadersOnlyAsync(_client, message, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Opening the stream {request.Method} {request.RouteTemplate} took longer than {StreamOptions.ConnectTimeout.TotalSeconds:0.###} s.");
        }

        if (Array.IndexOf(request.ExpectedStatuses, (int)response.StatusCode) >= 0)
        {
            return response;
        }

        using (response)
        {
            throw await StreamErrorAsync(response, request, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The typed error of a refused stream request; a 404 from a route the server's release predates (by the release
    /// data of the operation the request carries) becomes <see cref="CoderNotSupportedException"/>, as for the area methods.
    /// </summary>
    private async Task<CoderApiException> StreamErrorAsync(HttpResponseMessage response, CoderRequest request, CancellationToken cancellationToken)
    {
        var error = await CoderErrorFactory.FromErrorResponseAsync(response, request.Call, cancellationToken).ConfigureAwait(false);
        return error is CoderNotFoundException notFound ? Versions.Judge(notFound, request.Operation, response) : error;
    }

    // An HttpClient used as a plain invoker would buffer the whole body (ResponseContentRead); a stream never ends.
    private static Task<HttpResponseMessage> SendHeadersOnlyAsync(HttpMessageInvoker invoker, HttpRequestMessage message, CancellationToken cancellationToken) =>
        invoker is HttpClient client
            ? client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            : invoker.SendAsync(message, cancellationToken);

    internal static Uri ToWebSocketUri(Uri uri)
    {
        var builder = new UriBuilder(uri) { Scheme = uri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" };
        return builder.Uri;
    }

    /// <summary>
    /// Sits between <see cref="ClientWebSocket"/> and the SDK's handler chain for one upgrade: it marks the request as
    /// a stream, and turns a refused upgrade into a <see cref="CoderApiException"/> read from coderd's error body
    /// (ClientWebSocket alone would only say "status 404, expected 101"). A typed error the handler chain itself
    /// raises (a refused redirect) is kept too, because ClientWebSocket would wrap it in a WebSocketException that
    /// reads as a transport failure.
    /// </summary>
    private sealed class UpgradeHandler(CoderConnection connection, CoderRequest request) : HttpMessageHandler
    {
        public CoderApiException? Failure { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage message, CancellationToken cancellationToken)
        {
            message.Options.Set(CoderRequestOptions.IsStream, true);
            message.Options.Set(CoderRequestOptions.RouteTemplate, request.RouteTemplate);
            CoderCallState.SentBy(message, connection.Versions);
            HttpResponseMessage response;
            try
            {
                response = await SendHeadersOnlyAsync(connection._client, message, cancellationToken).ConfigureAwait(false);
            }
            catch (CoderApiException refused)
            {
                Failure = refused;
                throw;
            }

            var upgraded = response.StatusCode == HttpStatusCode.SwitchingProtocols ||
                           (response.Version.Major >= 2 && response.IsSuccessStatusCode);
            if (!upgraded)
            {
                Failure = response.IsSuccessStatusCode
                    ? CoderErrorFactory.InvalidBody(response, request.Call, $"expected the WebSocket upgrade (101) but coderd answered {(int)response.StatusCode}", [], null)
                    : await connection.StreamErrorAsync(response, request, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }
    }
}
