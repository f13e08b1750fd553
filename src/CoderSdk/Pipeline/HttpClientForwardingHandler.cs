namespace CoderSdk.Pipeline;

/// <summary>
/// The innermost handler when a caller hands the SDK its own <see cref="HttpClient"/>: the SDK's handlers run first,
/// then the request goes out through that client (and its own handlers and settings).
/// </summary>
/// <remarks>
/// <see cref="HttpClient"/> refuses to send one message twice, but retries, redirects and the 401 refresh repeat a
/// request; so each send goes out as a copy sharing the original's (buffered) content.
/// </remarks>
internal sealed class HttpClientForwardingHandler : HttpMessageHandler
{
    private readonly HttpClient _client;

    public HttpClientForwardingHandler(HttpClient client) => _client = client;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(Copy(request), HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    internal static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri)
        {
            Content = request.Content,
            Version = request.Version,
            VersionPolicy = request.VersionPolicy,
        };
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            copy.Headers.TryAddWithoutValidation(name, values);
        }

        foreach (var (key, value) in request.Options)
        {
            ((IDictionary<string, object?>)copy.Options)[key] = value;
        }

        return copy;
    }
}
