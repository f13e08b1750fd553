using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// A request built straight from the spec with <see cref="SampleValues"/>, without the SDK. Prism accepting these for
/// every operation shows the samples are spec-valid, so a rejection of the SDK's request is the SDK's doing.
/// </summary>
internal static class RawSampleRequest
{
    public static HttpRequestMessage Build(SpecOperation operation, SampleValues samples, Uri baseUrl)
    {
        var path = new StringBuilder();
        foreach (var segment in operation.Route.Split('/').Skip(1))
        {
            path.Append('/');
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                var parameter = operation.ParametersIn("path").First(p => SpecOperation.Name(p) == segment[1..^1]);
                path.Append(Uri.EscapeDataString(Text(samples.ForParameter(parameter, operation.Consumes))));
            }
            else
            {
                path.Append(segment);
            }
        }

        var query = string.Join('&', operation.ParametersIn("query")
            .Select(p => (Name: SpecOperation.Name(p), Value: samples.ForParameter(p, operation.Consumes)))
            .Where(q => q.Value is not null)
            .Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(Text(q.Value))));
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(baseUrl, path + (query.Length > 0 ? "?" + query : string.Empty)));
        request.Headers.TryAddWithoutValidation("Coder-Session-Token", ContractRunner.DummyToken);
        foreach (var header in operation.ParametersIn("header").Where(p => !SpecOperation.Name(p).Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            request.Headers.TryAddWithoutValidation(SpecOperation.Name(header), Text(samples.ForParameter(header, operation.Consumes)));
        }

        if (operation.ResponseStatuses.All(status => status == "101"))
        {
            // A WebSocket endpoint: without an upgrade request the client would wait past the 101 for a final answer.
            request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
            request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", Convert.ToBase64String(SampleConverter.SampleBytes[..16]));
        }

        var formOnly = operation.Body is null && operation.ParametersIn("formData").All(p => p.GetProperty("type").GetString() != "file");
        var contentType = operation.Consumes.FirstOrDefault() ?? (formOnly ? "application/x-www-form-urlencoded" : "application/json");
        if (operation.Body is { } body && samples.ForSchema(body.GetProperty("schema")) is { } json)
        {
            request.Content = new StringContent(json.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        else if (operation.Method is "POST" or "PUT" or "PATCH" && operation.Consumes.Count > 0 && !operation.ParametersIn("formData").Any())
        {
            // Media types consumed but no body parameter: the body is the raw upload.
            request.Content = new ByteArrayContent(SampleConverter.SampleBytes) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } };
        }
        else if (operation.ParametersIn("formData").Any())
        {
            request.Content = contentType == "application/x-www-form-urlencoded"
                ? new FormUrlEncodedContent(operation.ParametersIn("formData").Select(p => KeyValuePair.Create(SpecOperation.Name(p), Text(samples.ForParameter(p, operation.Consumes)))))
                : new ByteArrayContent(SampleConverter.SampleBytes) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } };
        }

        return request;
    }

    private static string Text(JsonNode? value) => value switch
    {
        null => string.Empty,
        JsonArray array => string.Join(',', array.Select(Text)),
        JsonValue scalar when scalar.TryGetValue<string>(out var text) => text,
        _ => value.ToJsonString(),
    };
}
