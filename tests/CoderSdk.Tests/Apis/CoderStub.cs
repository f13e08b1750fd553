using System.Net;
using CoderSdk.Configuration;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMockResponse = WireMock.ResponseBuilders.Response;

namespace CoderSdk.Tests.Apis;

/// <summary>
/// One canned coderd answer served by WireMock.Net on 127.0.0.1, and what the SDK sent for it (method, path and query
/// exactly as they went over the wire, content type, body). For tests that check one exchange; stateful flows,
/// WebSockets and SSE use <see cref="CoderSdk.Testing.FakeCoderServer"/>.
/// </summary>
internal sealed class CoderStub : IDisposable
{
    private readonly WireMockServer _server;

    public CoderStub(HttpStatusCode status, string? body = null, string mediaType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        _server = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });
        var response = WireMockResponse.Create().WithStatusCode((int)status);
        if (body is not null)
        {
            response = response.WithHeader("Content-Type", mediaType + (mediaType.StartsWith("text/", StringComparison.Ordinal) || mediaType.EndsWith("json", StringComparison.Ordinal) ? "; charset=utf-8" : string.Empty)).WithBody(body);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            response = response.WithHeader(name, value);
        }

        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(response);
    }

    /// <summary>The stub's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl => new(_server.Urls[0] + "/");

    /// <summary>Every request the stub received, in order.</summary>
    public IReadOnlyList<(HttpMethod Method, Uri Uri, string? ContentType, string? Body)> Requests => _server.LogEntries
        .Select(e => e.RequestMessage!)
        .Select(m => (new HttpMethod(m.Method), new Uri(BaseUrl, RawPath(m.Url) + (m.RawQuery is { Length: > 0 } query ? "?" + query.TrimStart('?') : string.Empty)),
            m.Headers is { } h && h.TryGetValue("Content-Type", out var type) ? type.ToString() : null,
            m.Body ?? (m.BodyAsBytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : null)))
        .ToList();

    /// <summary>
    /// The request path as sent: WireMock's <c>AbsolutePath</c> decodes <c>%2F</c>, its <c>Url</c> keeps it (and shows
    /// <c>%20</c> as a space, which <see cref="Uri"/> escapes again).
    /// </summary>
    private static string RawPath(string url) => new Uri(url.Split('?')[0]).AbsolutePath;

    /// <summary>The one request the stub received.</summary>
    public (HttpMethod Method, Uri Uri, string? ContentType, string? Body) Single => Assert.Single(Requests);

    /// <summary>A client for the stub with a fixed token.</summary>
    public CoderClient Client() => new(new CoderClientOptions { BaseUrl = BaseUrl, SessionToken = "test-token" });

    public void Dispose() => _server.Stop();
}
