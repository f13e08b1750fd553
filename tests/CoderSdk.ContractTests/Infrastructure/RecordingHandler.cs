using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Sits below the SDK's own handlers (it is the transport of the <see cref="HttpClient"/> the SDK is given), so it
/// sees each request exactly as the SDK sends it, token included, and each answer before the SDK reads it. It also
/// undoes two documented defects of the spec that would otherwise hide what is being tested (docs/contract-tests.md).
/// </summary>
internal sealed class RecordingHandler(SwaggerDocument spec, SpecOperation? operation, HttpMessageHandler transport) : DelegatingHandler(transport)
{
    public const string DummyKey = "contract-dummy-key";

    private readonly List<Exchange> _exchanges = [];

    public IReadOnlyList<Exchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return _exchanges.ToList();
            }
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var adaptations = AddMissingSpecSecurityHeaders(request);
        byte[] body = [];
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken);
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
        }

        var exchange = new Exchange
        {
            Method = request.Method,
            Uri = request.RequestUri!,
            RequestHeaders = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList(),
            RequestContentType = request.Content?.Headers.ContentType?.ToString(),
            RequestBody = body,
        };
        exchange.Adaptations.AddRange(adaptations);
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }

        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            exchange.TransportError = ex.Message;
            throw;
        }

        exchange.Status = response.StatusCode;
        exchange.ResponseHeaders = response.Headers.Concat(response.Content.Headers)
            .SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        exchange.ResponseContentType = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode == HttpStatusCode.SwitchingProtocols)
        {
            return response;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        exchange.ResponseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        AdaptNullUuids(response, exchange);
        return response;
    }

    /// <summary>
    /// Spec defect: the SCIM operations require a scheme whose header the spec misspells (<c>Authorizaiton</c>); the
    /// SDK cannot know that name, so the harness adds the header an operation's declared schemes demand when the SDK's
    /// request satisfies none of them.
    /// </summary>
    private List<string> AddMissingSpecSecurityHeaders(HttpRequestMessage request)
    {
        var added = new List<string>();
        if (operation is null || spec.SecurityDefinitions.ValueKind != JsonValueKind.Object)
        {
            return added;
        }

        var headers = operation.SecuritySchemes
            .Select(scheme => spec.SecurityDefinitions.TryGetProperty(scheme, out var definition) ? (Scheme: scheme, Definition: definition) : default)
            .Where(s => s.Scheme is not null && s.Definition.GetProperty("type").GetString() == "apiKey" && s.Definition.GetProperty("in").GetString() == "header")
            .Select(s => (s.Scheme, Header: s.Definition.GetProperty("name").GetString()!))
            .ToList();
        // Never stand in for the session token: an SDK request without it must meet Prism's 401.
        if (headers.Count == 0 || headers.Any(h => request.Headers.Contains(h.Header) || h.Header.Equals("Coder-Session-Token", StringComparison.OrdinalIgnoreCase)))
        {
            return added;
        }

        var (scheme, header) = headers[0];
        request.Headers.TryAddWithoutValidation(header, DummyKey);
        added.Add($"added header '{header}' that the spec's security scheme '{scheme}' requires");
        return added;
    }

    private void AdaptNullUuids(HttpResponseMessage response, Exchange exchange)
    {
        if (operation?.ResponseSchema((int)response.StatusCode) is not { } schema || exchange.ResponseBody.Length == 0 ||
            exchange.ResponseContentType is not { } mediaType || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(exchange.ResponseBody);
        }
        catch (JsonException)
        {
            return; // Not JSON after all: the SDK will say so.
        }

        var (adapted, paths) = SchemaWalker.AdaptNullUuids(spec, root, schema);
        if (paths.Count == 0)
        {
            return;
        }

        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(adapted?.ToJsonString() ?? "null"));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        response.Content.Dispose();
        response.Content = content;
        exchange.Adaptations.Add($"uuid.NullUUID objects sent as coderd sends them (UUID string or null) at {string.Join(", ", paths.Take(4))}{(paths.Count > 4 ? $" and {paths.Count - 4} more" : string.Empty)}");
    }
}
