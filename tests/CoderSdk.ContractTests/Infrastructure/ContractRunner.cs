using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CoderSdk.Configuration;
using CoderSdk.Errors;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Calls one SDK operation against Prism through a real <see cref="CoderClient"/> over HTTP on 127.0.0.1 and judges
/// the exchange: Prism's verdict on the request, the harness's own request checks (route, undeclared query
/// parameters and body properties), and whether the SDK read the answer into complete models.
/// </summary>
internal sealed class ContractRunner(SwaggerDocument spec, PrismServer server, HttpMessageHandler transport)
{
    public const string DummyToken = "contract-test-session-token";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// For operations the spec documents with 101 only: a plain request gets Prism's bare 101, which HTTP clients
    /// skip while they wait for a final answer that never comes.
    /// </summary>
    private static readonly TimeSpan UpgradeOnlyTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a stream is given to produce its first item; Prism never speaks WebSocket or SSE.</summary>
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Static mode sets every request field it can; dynamic mode only the required ones, so both shapes are sent.</summary>
    private readonly ArgumentBuilder _arguments = new(spec, new SampleValues(spec, requiredOnly: server.Mode == PrismMode.Dynamic));

    public async Task<ContractResult> RunAsync(ContractOperation operation, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await JudgeAsync(operation, cancellationToken);
        return result with { Elapsed = stopwatch.Elapsed };
    }

    private async Task<ContractResult> JudgeAsync(ContractOperation operation, CancellationToken cancellationToken)
    {
        ContractResult Verdict(ContractCategory category, string message) => new(operation.Key, server.Mode, category, message);

        if (operation.Endpoint is not { } endpoint)
        {
            return Verdict(ContractCategory.NoEndpointAttribute, $"{operation.MethodName} has no endpoint attribute ([Get], [Post], ...), so the contract tests cannot tell which route it calls.");
        }

        if (spec.Find(endpoint.Method, endpoint.Route) is not { } specOperation)
        {
            return Verdict(ContractCategory.RouteNotInSpec, $"the spec has no {endpoint.Method} {endpoint.Route}{NearMiss(endpoint)}");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(IsUpgradeOnly(specOperation) ? UpgradeOnlyTimeout : CallTimeout);
        PreparedCall call;
        try
        {
            call = _arguments.Build(operation, specOperation, timeout.Token);
        }
        catch (UnbuildableArgumentsException ex)
        {
            return Verdict(ex.Category, ex.Message);
        }

        var recorder = new RecordingHandler(spec, specOperation, JsonResultType(operation.Method.ReturnType), transport);
        using var http = new HttpClient(recorder, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        using var client = new CoderClient(http, new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = DummyToken, ProvisionerKey = DummyToken, ScimApiKey = DummyToken });
        var isStream = StreamItemType(operation.Method.ReturnType) is not null;
        object? returned = null;
        Exception? error = null;
        try
        {
            returned = await InvokeAsync(operation, client, call.Arguments, isStream, timeout.Token);
        }
        catch (Exception ex)
        {
            error = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
        }
        finally
        {
            foreach (var argument in call.Arguments.OfType<IDisposable>())
            {
                argument.Dispose();
            }
        }

        var exchanges = recorder.Exchanges;
        var verdict = Classify(operation, endpoint, specOperation, exchanges, isStream, returned, error, call, cancellationToken);
        var specExampleDefects = exchanges.SelectMany(e => PrismVerdict.Violations(e, "response"))
            .Select(v => "Prism's own answer breaks the spec (a spec example, or Prism's generator inventing values; not the SDK's doing): " + v);
        return Verdict(verdict.Category, verdict.Message) with { Exchanges = exchanges, Notes = [.. call.Notes, .. specExampleDefects] };
    }

    private (ContractCategory Category, string Message) Classify(
        ContractOperation operation, CoderEndpointAttribute endpoint, SpecOperation specOperation, IReadOnlyList<Exchange> exchanges,
        bool isStream, object? returned, Exception? error, PreparedCall call, CancellationToken runCancellation)
    {
        if (exchanges.Count == 0)
        {
            return error is OperationCanceledException && !runCancellation.IsCancellationRequested
                ? (ContractCategory.Timeout, $"no request was sent within {CallTimeout.TotalSeconds:0} s")
                : (ContractCategory.NoRequestSent, $"{operation.MethodName} threw before sending a request: {Describe(error)}");
        }

        var sent = exchanges[0];
        if (!RouteMatches(sent, endpoint))
        {
            return (ContractCategory.WrongRoute, $"the attribute names {endpoint.Method} {endpoint.Route} but the SDK sent {sent.Method} {sent.Uri.AbsolutePath}");
        }

        if (sent.TransportError is not null)
        {
            return (ContractCategory.UnexpectedException, $"transport error: {sent.TransportError}");
        }

        if (sent.Status is null)
        {
            return (ContractCategory.Timeout, IsUpgradeOnly(specOperation)
                ? $"no final answer within {UpgradeOnlyTimeout.TotalSeconds:0} s: the spec documents only 101 Switching Protocols, and the SDK sent a plain request rather than a WebSocket upgrade"
                : $"no answer within {CallTimeout.TotalSeconds:0} s");
        }

        if (PrismVerdict.Rejection(sent) is { } rejection)
        {
            return KnownSpecDefects.Explain(specOperation, rejection.Message) is { } reason
                ? (ContractCategory.KnownSpecDefect, reason)
                : rejection;
        }

        var undeclared = UndeclaredQuery(sent, specOperation).Concat(UndeclaredBody(sent, specOperation)).ToList();
        if (undeclared.Count > 0)
        {
            return (ContractCategory.RequestNotInSpec, string.Join("; ", undeclared));
        }

        if (isStream)
        {
            return (ContractCategory.PassedRequestOnly,
                $"stream: Prism accepted the request ({(int?)sent.Status}); it cannot serve WebSocket or SSE frames, so none were read{(error is null ? string.Empty : $" (the SDK reported: {FirstLine(error)})")}");
        }

        if (PrismVerdict.Limitation(sent) is { } limitation)
        {
            return (ContractCategory.PassedRequestOnly, $"Prism accepted the request; {limitation}");
        }

        if (error is CoderInvalidResponseException && sent.ResponseBody.Length == 0 && specOperation.ResponseSchema((int)sent.Status) is null)
        {
            return (ContractCategory.PassedRequestOnly,
                $"Prism accepted the request; the spec documents no body for {(int)sent.Status}, so Prism sent none and the SDK's reading of one could not be checked ({FirstLine(error)})");
        }

        if (error is not null)
        {
            var failure = ClassifyError(specOperation, sent, error, runCancellation);
            return failure.Category == ContractCategory.ResponseUnreadable && KnownSpecDefects.Explain(specOperation, failure.Message) is { } reason
                ? (ContractCategory.KnownSpecDefect, reason)
                : failure;
        }

        // Dynamic mode adds undeclared properties where the spec allows them: only declared ones the model missed count.
        var unmapped = call.UnmappedRequestFields.Select(f => "request " + f)
            .Concat(ModelInspector.UnmappedFields(returned).Where(sent.DeclaredResponseProperties.Contains).Select(f => "response " + f))
            .ToList();
        if (unmapped.Count > 0)
        {
            return (ContractCategory.ModelIncomplete, $"spec fields the SDK's models do not map (caught as extension data): {string.Join(", ", unmapped.Take(12))}{(unmapped.Count > 12 ? $" and {unmapped.Count - 12} more" : string.Empty)}");
        }

        return (ContractCategory.Passed, $"Prism answered {(int)sent.Status!} and the SDK read it{(returned is null ? string.Empty : $" as {ArgumentBuilder.Describe(returned.GetType())}")}");
    }

    private static (ContractCategory Category, string Message) ClassifyError(SpecOperation specOperation, Exchange sent, Exception error, CancellationToken runCancellation)
    {
        var status = (int)sent.Status!;
        switch (error)
        {
            case CoderInvalidResponseException invalid when invalid.InnerException is JsonException || !invalid.Message.Contains("expected status", StringComparison.Ordinal):
                return (ContractCategory.ResponseUnreadable, $"the SDK could not read Prism's {status} answer: {invalid.Message}");
            case CoderApiException api when status is >= 200 and < 300:
                return (ContractCategory.UnexpectedStatus, $"Prism answered {status}, which the spec documents, and the SDK threw: {api.Message}");
            case CoderApiException api when specOperation.Documents(status):
                // The spec documents only an error here; Prism returns it and the SDK must surface it as such.
                return api.StatusCode == sent.Status
                    ? (ContractCategory.Passed, $"the spec documents {status} for this operation and the SDK raised it as {api.GetType().Name}")
                    : (ContractCategory.UnexpectedStatus, $"Prism answered {status} but the SDK reported {(int)api.StatusCode}: {api.Message}");
            case OperationCanceledException when !runCancellation.IsCancellationRequested:
                return (ContractCategory.Timeout, $"the call did not finish within {CallTimeout.TotalSeconds:0} s");
            default:
                return (ContractCategory.UnexpectedException, $"Prism answered {status} and the SDK threw {Describe(error)}");
        }
    }

    /// <summary>The type the SDK reads a JSON answer into: <c>T</c> of <c>Task&lt;T&gt;</c>, unless <c>T</c> is a raw result.</summary>
    private static Type? JsonResultType(Type returnType)
    {
        if (!returnType.IsGenericType || (returnType.GetGenericTypeDefinition() != typeof(Task<>) && returnType.GetGenericTypeDefinition() != typeof(ValueTask<>)))
        {
            return null;
        }

        var result = returnType.GetGenericArguments()[0];
        return result == typeof(string) || result == typeof(byte[]) || result == typeof(Uri) || typeof(Stream).IsAssignableFrom(result) || result == typeof(HttpResponseMessage)
            ? null
            : result;
    }

    private static bool IsUpgradeOnly(SpecOperation specOperation) => specOperation.ResponseStatuses.All(status => status == "101");

    private static async Task<object?> InvokeAsync(ContractOperation operation, ICoderClient client, object?[] arguments, bool isStream, CancellationToken cancellationToken)
    {
        var area = operation.ResolveArea(client);
        var returned = operation.Method.Invoke(area, arguments);
        if (isStream)
        {
            using var streamTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            streamTimeout.CancelAfter(StreamTimeout);
            return await FirstItemAsync(returned!, streamTimeout.Token);
        }

        var returnType = operation.Method.ReturnType;
        if (returned is not null && returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            returned = returnType.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null);
            returnType = typeof(Task<>).MakeGenericType(returnType.GetGenericArguments());
        }
        else if (returned is ValueTask valueTask)
        {
            returned = valueTask.AsTask();
            returnType = typeof(Task);
        }

        if (returned is not Task task)
        {
            throw new NotSupportedException($"{operation.MethodName} returns {ArgumentBuilder.Describe(operation.Method.ReturnType)}; the contract tests call methods returning Task, ValueTask or IAsyncEnumerable.");
        }

        await task;
        var value = returnType.IsGenericType ? returnType.GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
        return await DrainAsync(value, cancellationToken);
    }

    /// <summary>Reads raw results to the end (so a cut body shows) and releases them.</summary>
    private static async Task<object?> DrainAsync(object? value, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case Stream stream:
                await using (stream)
                {
                    await stream.CopyToAsync(Stream.Null, cancellationToken);
                }

                break;
            case HttpResponseMessage response:
                using (response)
                {
                    await response.Content.ReadAsByteArrayAsync(cancellationToken);
                }

                break;
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        return value;
    }

    private static async Task<object?> FirstItemAsync(object enumerable, CancellationToken cancellationToken)
    {
        var itemType = StreamItemType(enumerable.GetType())!;
        var sequence = typeof(IAsyncEnumerable<>).MakeGenericType(itemType);
        var enumeratorType = typeof(IAsyncEnumerator<>).MakeGenericType(itemType);
        var enumerator = sequence.GetMethod(nameof(IAsyncEnumerable<int>.GetAsyncEnumerator))!.Invoke(enumerable, [cancellationToken])!;
        await using var disposable = (IAsyncDisposable)enumerator;
        var moved = (ValueTask<bool>)enumeratorType.GetMethod(nameof(IAsyncEnumerator<int>.MoveNextAsync))!.Invoke(enumerator, null)!;
        return await moved ? enumeratorType.GetProperty(nameof(IAsyncEnumerator<int>.Current))!.GetValue(enumerator) : null;
    }

    private static Type? StreamItemType(Type type) =>
        new[] { type }.Concat(type.GetInterfaces())
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            .Select(t => t.GetGenericArguments()[0])
            .FirstOrDefault();

    private static bool RouteMatches(Exchange sent, CoderEndpointAttribute endpoint)
    {
        var pattern = "^" + string.Concat(endpoint.Route.Split('/').Select((segment, i) =>
            (i == 0 ? string.Empty : "/") + (segment.StartsWith('{') && segment.EndsWith('}') ? "[^/]+" : Regex.Escape(segment)))) + "$";
        return sent.Method.Method == endpoint.Method && Regex.IsMatch(sent.Uri.AbsolutePath, pattern);
    }

    private static IEnumerable<string> UndeclaredQuery(Exchange sent, SpecOperation specOperation)
    {
        var declared = specOperation.ParametersIn("query").Select(SpecOperation.Name).ToHashSet(StringComparer.Ordinal);
        var query = sent.Uri.Query.TrimStart('?');
        return query.Length == 0
            ? []
            : query.Split('&')
                .Select(pair => Uri.UnescapeDataString(pair.Split('=')[0]))
                .Distinct()
                .Where(name => !declared.Contains(name))
                .Select(name => $"query parameter '{name}' is not declared by the spec (declared: {(declared.Count == 0 ? "none" : string.Join(", ", declared))})");
    }

    private IEnumerable<string> UndeclaredBody(Exchange sent, SpecOperation specOperation)
    {
        if (sent.RequestBody.Length == 0)
        {
            return [];
        }

        if (specOperation.Body is not { } body)
        {
            return specOperation.ParametersIn("formData").Any() ? [] : [$"the SDK sent a {sent.RequestContentType} body but the spec declares none"];
        }

        if (sent.RequestContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(sent.RequestBody);
        }
        catch (JsonException ex)
        {
            return [$"the request body is not JSON: {ex.Message}"];
        }

        return SchemaWalker.UndeclaredProperties(spec, node, body.GetProperty("schema")).Select(path => $"body property {path} is not declared by the spec");
    }

    private string NearMiss(CoderEndpointAttribute endpoint)
    {
        var sameRoute = spec.Operations.Where(o => o.Route == endpoint.Route).Select(o => o.Method).ToList();
        return sameRoute.Count > 0 ? $" (the route exists with {string.Join(", ", sameRoute)})" : " (no operation has that route)";
    }

    private static string Describe(Exception? error) =>
        error is null ? "nothing" : $"{error.GetType().Name}: {error.Message}";

    private static string FirstLine(Exception error) =>
        $"{error.GetType().Name}: {error.Message.Split('\n')[0]}";
}
