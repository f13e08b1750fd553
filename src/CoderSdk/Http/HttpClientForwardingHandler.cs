namespace CoderSdk.Http;

/// <summary>
/// The innermost handler when a caller hands the SDK its own <see cref="HttpClient"/>: the SDK's handlers run first,
/// then the request goes out through that client (and its own handlers and settings).
/// </summary>
internal sealed class HttpClientForwardingHandler : HttpMessageHandler
{
    private readonly HttpClient _client;

    public HttpClientForwardingHandler(HttpClient client) => _client = client;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
}
