using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;
using CoderSdk.Versions;
using Refit;

namespace CoderSdk.Pipeline;

/// <summary>
/// A client's HTTP stack: the <see cref="HttpClient"/> over the SDK's handler chain that every generated area
/// (a Refit client) and every stream share, the Refit settings, and the raw send of <see cref="ICoderClient.SendAsync"/>.
/// Everything that can go wrong with a response becomes a typed <see cref="CoderApiException"/>.
/// </summary>
internal sealed partial class CoderConnection : IDisposable
{
    private readonly HttpClient _client;
    private readonly bool _ownsClient;

    public CoderConnection(HttpClient client, Uri baseUrl, bool ownsClient)
    {
        _client = client;
        _ownsClient = ownsClient;
        BaseUrl = baseUrl;
        Versions = new CoderVersionGate(() => Log, CoderHttpText.OriginOf(baseUrl),
            async cancellationToken => (await Api<IGeneralApi>().GetBuildInfoAsync(cancellationToken).ConfigureAwait(false)).Version,
            new CoderDeploymentFeatures(
                cancellationToken => Api<ILicensesApi>().GetEntitlementsAsync(cancellationToken),
                cancellationToken => Api<IGeneralApi>().GetEnabledExperimentsAsync(cancellationToken),
                () => Time));
        RefitSettings = CoderRefit.CreateSettings(Versions);
        // Refit needs a base address; the client the SDK sends through is its own or DI's named one, never shared
        // with other code, so setting it here is safe.
        client.BaseAddress ??= baseUrl;
    }

    /// <summary>A view of <paramref name="parent"/> sending through <paramref name="client"/> (a <see cref="CoderCallOptionsHandler"/> over the parent's client).</summary>
    private CoderConnection(CoderConnection parent, HttpClient client)
    {
        _client = client;
        _ownsClient = true;
        BaseUrl = parent.BaseUrl;
        Versions = parent.Versions;
        RefitSettings = parent.RefitSettings;
        Settings = parent.Settings;
        LoggerFactory = parent.LoggerFactory;
    }

    /// <summary>
    /// A connection whose calls carry <paramref name="call"/>'s headers, timeout and response callback, sharing this
    /// one's pipeline, settings and version knowledge.
    /// </summary>
    public CoderConnection With(CoderCallOptions call)
    {
        var view = new HttpClient(new CoderCallOptionsHandler(_client, call, Settings.TimeProvider), disposeHandler: true)
        {
            BaseAddress = BaseUrl,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return new CoderConnection(this, view);
    }

    /// <summary>
    /// Sends a request the SDK has no method for through the client's pipeline. A relative address is taken from the
    /// deployment root; any 2xx answer is returned (the caller disposes it), anything else becomes a typed
    /// <see cref="CoderApiException"/> and the response is disposed.
    /// </summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is null)
        {
            throw new ArgumentException("The request has no RequestUri; give a path such as /api/v2/users/me or an address on the deployment.", nameof(request));
        }

        if (!request.RequestUri.IsAbsoluteUri)
        {
            request.RequestUri = new Uri(BaseUrl, request.RequestUri);
        }

        var call = new CoderCall(request.Method.Method, request.RequestUri.AbsolutePath, request.RequestUri.AbsolutePath, []);
        CoderCallState.SentBy(request, Versions);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderResponseBodyException cut)
        {
            throw CoderErrorFactory.CutShort(cut.Response, call, cut.InnerException);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        try
        {
            throw await CoderErrorFactory.FromErrorResponseAsync(response, call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
    }

    /// <summary>The deployment root, e.g. <c>https://coder.example.com/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The handler chain (token, headers, TLS, redirects, resilience) that Refit areas and streams share.</summary>
    public HttpMessageInvoker Invoker => _client;

    /// <summary>The Refit settings every area of this client uses.</summary>
    public RefitSettings RefitSettings { get; }

    /// <summary>What this client knows about the server's version (learned from responses, or from <c>/api/v2/buildinfo</c>).</summary>
    public CoderVersionGate Versions { get; }

    /// <summary>The Refit implementation of an area over this connection, created once.</summary>
    public T Api<T>() where T : class =>
        (T)_apis.GetOrAdd(typeof(T), static (_, connection) => connection.CreateApi<T>(), this);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Type, object> _apis = new();

    /// <summary>Creates the Refit implementation of an area over this connection.</summary>
    private T CreateApi<T>() where T : class => RestService.ForGenerated<T>(_client, RefitSettings);

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CoderCall call, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        try
        {
            // The same pooled read the pipeline does (a no-op when the resilience handler already did it); the buffer
            // goes back to the pool when the caller disposes the response.
            await CoderBufferedContent.BufferAsync(response, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw CoderErrorFactory.InvalidBody(response, call, "the response body ended before it was complete", [], ex);
        }

        var body = ((CoderBufferedContent)response.Content).Memory.Span;
        if (mediaType is not null && !CoderHttpText.IsJson(mediaType))
        {
            throw CoderErrorFactory.InvalidBody(response, call,
                $"expected JSON but the body is {mediaType} ({body.Length} bytes): {CoderErrorFactory.TextExcerpt(body, 160)}", body, null);
        }

        if (body.IsEmpty)
        {
            throw CoderErrorFactory.InvalidBody(response, call, "expected a JSON body but the response was empty", body, null);
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize(body, typeInfo);
        }
        catch (JsonException ex)
        {
            throw CoderErrorFactory.InvalidBody(response, call, $"the JSON body could not be read as {typeof(T).Name}: {FirstSentence(ex.Message)}", body, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw CoderErrorFactory.InvalidBody(response, call, $"the JSON body could not be read as {typeof(T).Name}: {ex.Message}", body, ex);
        }

        return value ?? throw CoderErrorFactory.InvalidBody(response, call, $"expected {typeof(T).Name} but the body was JSON null", body, null);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    public void Dispose()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }
}
