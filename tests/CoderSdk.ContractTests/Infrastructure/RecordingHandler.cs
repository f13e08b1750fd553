using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Sits below the SDK's own handlers (it is the transport of the <see cref="HttpClient"/> the SDK is given), so it
/// sees each request exactly as the SDK sends it, token included, and each answer before the SDK reads it. It also
/// undoes documented defects of the spec that would otherwise hide what is being tested (docs/contract-tests.md).
/// </summary>
/// <param name="spec">The pinned spec.</param>
/// <param name="operation">The spec operation being called, if known.</param>
/// <param name="responseType">The type the SDK reads the answer into, if it reads JSON.</param>
/// <param name="transport">The real HTTP transport.</param>
internal sealed class RecordingHandler(SwaggerDocument spec, SpecOperation? operation, Type? responseType, HttpMessageHandler transport) : DelegatingHandler(transport)
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
        AdaptResponse(response, exchange);
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

    private void AdaptResponse(HttpResponseMessage response, Exchange exchange)
    {
        if (exchange.ResponseBody.Length == 0 || exchange.ResponseContentType is not { } mediaType ||
            !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
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

        var before = exchange.Adaptations.Count;
        var schema = operation?.ResponseSchema((int)response.StatusCode);
        if (schema is { } documented)
        {
            (root, var paths) = WireAdaptations.NullUuids(spec, root, documented);
            Report(exchange, paths, "uuid.NullUUID objects sent as coderd sends them (a UUID string or null)");
        }

        if (responseType is not null && operation is not null && root is JsonArray array && WireAdaptations.ElementType(responseType) is null &&
            KnownSpecDefects.SingleObjectDocumentedAsArray(operation) is { } reason)
        {
            root = array.Count > 0 ? array[0]!.DeepClone() : new JsonObject();
            schema = spec.View(schema!.Value).Items;
            exchange.Adaptations.Add($"first element of the array sent alone: {reason}");
        }

        if (schema is { } delivered)
        {
            exchange.DeclaredResponseProperties = SchemaWalker.DeclaredProperties(spec, root, delivered);
        }

        if (responseType is not null)
        {
            (root, var paths) = WireAdaptations.ByteArrays(root, responseType);
            Report(exchange, paths, "Go []byte fields documented as integer arrays sent base64-encoded, as coderd does");
        }

        if (exchange.Adaptations.Count == before)
        {
            return;
        }

        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(root?.ToJsonString() ?? "null"));
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        response.Content.Dispose();
        response.Content = content;
    }

    private static void Report(Exchange exchange, IReadOnlyList<string> paths, string what)
    {
        if (paths.Count > 0)
        {
            exchange.Adaptations.Add($"{what} at {string.Join(", ", paths.Take(4))}{(paths.Count > 4 ? $" and {paths.Count - 4} more" : string.Empty)}");
        }
    }
}
