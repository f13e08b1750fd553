using System.Net;
using System.Text;

namespace CoderSdk.Tests.Apis;

/// <summary>Answers every request with one canned response and remembers what was sent (method, URI, headers, body).</summary>
internal sealed class StubHandler(HttpStatusCode status, string? body = null, string mediaType = "application/json") : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? ContentType, string? Body)> Requests { get; } = [];

    public Action<HttpResponseMessage>? Customize { get; init; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var sent = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.ToString(), sent));
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        if (body is not null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, mediaType);
        }

        Customize?.Invoke(response);
        return response;
    }

    /// <summary>A client that sends through this handler.</summary>
    public CoderClient Client() =>
        new(new HttpClient(this), new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "test-token" });

    public (HttpMethod Method, Uri Uri, string? ContentType, string? Body) Single => Assert.Single(Requests);
}
