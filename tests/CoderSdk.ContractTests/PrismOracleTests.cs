using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderSdk.ContractTests.Infrastructure;

namespace CoderSdk.ContractTests;

/// <summary>
/// The judge itself, checked against Prism with raw HTTP: requests that break the spec must be caught, or a green
/// matrix would prove nothing.
/// </summary>
[Collection(PrismCollection.Name)]
public sealed class PrismOracleTests(PrismFixture prism)
{
    [Theory]
    [InlineData("POST", "/api/v2/users", null, "{}", ContractCategory.RequestRejected, "required property 'username'")]
    [InlineData("GET", "/api/v2/workspaces/{workspace}", "/api/v2/workspaces/not-a-uuid", null, ContractCategory.RequestRejected, "format \"uuid\"")]
    [InlineData("GET", "/api/v2/no-such-endpoint", null, null, ContractCategory.NoPathMatched, "/api/v2/no-such-endpoint")]
    // This operation documents 400, so Prism answers with it and lists the violations only in the sl-violations header.
    [InlineData("POST", "/api/v2/templatebuilder/compose/template", null, "{}", ContractCategory.RequestRejected, "sl-violations: [Error] request.body")]
    public async Task Rejection_RequestBreakingSpec_IsCaught(string method, string route, string? path, string? body, ContractCategory expected, string evidence)
    {
        var (exchange, _) = await SendAsync(new HttpMethod(method), route, body, path);

        var rejection = PrismVerdict.Rejection(exchange);

        Assert.Equal(expected, rejection?.Category);
        Assert.Contains(evidence, rejection!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_MissingSessionToken_IsRequestRejected()
    {
        var (exchange, _) = await SendAsync(HttpMethod.Get, "/api/v2/users/{user}", path: "/api/v2/users/me", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, exchange.Status);
        Assert.Equal(ContractCategory.RequestRejected, PrismVerdict.Rejection(exchange)?.Category);
    }

    [Fact]
    public async Task Rejection_SpecDocumentsBadRequest_ReadsSlViolationsHeader()
    {
        // This operation documents 400, so Prism answers with it and lists the violations in a header only.
        var (exchange, _) = await SendAsync(HttpMethod.Post, "/api/v2/templatebuilder/compose/template", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, exchange.Status);
        var rejection = PrismVerdict.Rejection(exchange);
        Assert.Equal(ContractCategory.RequestRejected, rejection?.Category);
        Assert.Contains("sl-violations", rejection!.Value.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_ValidRequest_IsNull()
    {
        var (exchange, _) = await SendAsync(HttpMethod.Get, "/api/v2/users/{user}", path: "/api/v2/users/me");

        Assert.Equal(HttpStatusCode.OK, exchange.Status);
        Assert.Null(PrismVerdict.Rejection(exchange));
    }

    [Fact]
    public async Task NullUuidAdaptation_WorkspaceTaskId_ArrivesAsUuidString()
    {
        var (exchange, received) = await SendAsync(HttpMethod.Get, "/api/v2/workspaces/{workspace}", path: $"/api/v2/workspaces/{SampleValues.SampleId}");

        // Prism sends the spec's {"uuid","valid"} object; the SDK receives what coderd sends instead.
        Assert.IsType<JsonObject>(JsonNode.Parse(exchange.ResponseBody)!["task_id"]);
        Assert.Contains(exchange.Adaptations, a => a.Contains("$.task_id", StringComparison.Ordinal));
        Assert.True(Guid.TryParse(JsonNode.Parse(received)!["task_id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void UndeclaredProperties_PropertyMissingFromSchema_IsListed()
    {
        var schema = prism.Spec.Find("POST", "/api/v2/users")!.Body!.Value.GetProperty("schema");
        var body = JsonNode.Parse("""{"username":"a","email":"a@example.com","organization_ids":[],"user_name":"typo"}""");

        var undeclared = SchemaWalker.UndeclaredProperties(prism.Spec, body, schema);

        Assert.Equal(["$.user_name"], undeclared);
    }

    [Fact]
    public async Task Samples_EverySpecOperation_PrismAcceptsTheRawRequest()
    {
        // Without the SDK: requests built from the spec and the sample values alone. Any rejection here is the
        // harness's (or the spec's) fault, never the SDK's, so it must be fixed here or listed as a spec defect.
        var samples = new SampleValues(prism.Spec);
        var rejected = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var transport = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2) };
        await Parallel.ForEachAsync(prism.Spec.Operations, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (operation, cancellationToken) =>
        {
            var recorder = new RecordingHandler(prism.Spec, operation, responseType: null, transport);
            using var http = new HttpClient(recorder, disposeHandler: false) { Timeout = TimeSpan.FromSeconds(15) };
            using var request = RawSampleRequest.Build(operation, samples, prism.Server(PrismMode.Static).BaseUrl);
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (TaskCanceledException)
            {
                rejected.Add($"{operation.Key}: no answer within {http.Timeout.TotalSeconds} s");
                return;
            }

            var exchange = recorder.Exchanges.Single();
            if (PrismVerdict.Rejection(exchange) is { } rejection && KnownSpecDefects.Explain(operation, rejection.Message) is null)
            {
                rejected.Add($"{operation.Key}: {rejection.Message}{Environment.NewLine}{exchange.Describe()}");
            }
        });

        Assert.True(rejected.IsEmpty, $"Prism rejected {rejected.Count} sample requests:{Environment.NewLine}{string.Join(Environment.NewLine, rejected.Order(StringComparer.Ordinal))}");
    }

    /// <summary>Sends a raw request through the harness's recorder; returns what was recorded and the body the caller received.</summary>
    private async Task<(Exchange Exchange, string Received)> SendAsync(HttpMethod method, string route, string? json = null, string? path = null, string? token = ContractRunner.DummyToken)
    {
        using var transport = new SocketsHttpHandler();
        var recorder = new RecordingHandler(prism.Spec, prism.Spec.Find(method.Method, route), responseType: null, transport);
        using var http = new HttpClient(recorder);
        using var request = new HttpRequestMessage(method, new Uri(prism.Server(PrismMode.Static).BaseUrl, path ?? route));
        if (token is not null)
        {
            request.Headers.Add("Coder-Session-Token", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var received = await response.Content.ReadAsStringAsync();
        return (Assert.Single(recorder.Exchanges), received);
    }
}
