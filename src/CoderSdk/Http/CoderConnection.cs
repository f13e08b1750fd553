using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CoderSdk.Http;

/// <summary>
/// The one place that talks HTTP for the SDK: it turns a <see cref="CoderRequest"/> into a message, sends it with
/// <see cref="HttpCompletionOption.ResponseHeadersRead"/>, checks the operation's exact success status, and reads the
/// body through source-generated JSON metadata. Everything that can go wrong with a response becomes a typed
/// <see cref="CoderApiException"/>.
/// </summary>
internal sealed class CoderConnection : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly bool _ownsInvoker;

    public CoderConnection(HttpMessageInvoker invoker, Uri baseUrl, bool ownsInvoker)
    {
        _invoker = invoker;
        _ownsInvoker = ownsInvoker;
        BaseUrl = baseUrl;
    }

    /// <summary>The deployment root, e.g. <c>https://coder.example.com/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The handler chain (token, headers, TLS, redirects) that WebSocket streams reuse.</summary>
    public HttpMessageInvoker Invoker => _invoker;

    /// <summary>Sends the request and reads a JSON body of type <typeparamref name="T"/>.</summary>
    public async Task<T> SendAsync<T>(CoderRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, request, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and discards the body of the success response.</summary>
    public async Task SendAsync(CoderRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the request and returns the success response unread, for bodies that are not JSON (files, text).
    /// The caller disposes it.
    /// </summary>
    public Task<HttpResponseMessage> SendForContentAsync(CoderRequest request, CancellationToken cancellationToken) =>
        SendCheckedAsync(request, cancellationToken);

    /// <summary>
    /// Sends the request and reads a JSON body of type <typeparamref name="T"/>, or returns <see langword="null"/> when
    /// coderd answers <paramref name="emptyStatus"/> (a documented success without a body, such as 204 or 304).
    /// </summary>
    public async Task<T?> SendOrNothingAsync<T>(CoderRequest request, int emptyStatus, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        return (int)response.StatusCode == emptyStatus
            ? null
            : await ReadJsonAsync(response, request, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the request and reads the whole success body as bytes (files, archives, profiles).</summary>
    public Task<byte[]> SendForBytesAsync(CoderRequest request, CancellationToken cancellationToken) =>
        SendForBodyAsync(request, static (content, ct) => content.ReadAsByteArrayAsync(ct), cancellationToken);

    /// <summary>Sends the request and reads the whole success body as text (scripts, HTML pages, metrics).</summary>
    public Task<string> SendForTextAsync(CoderRequest request, CancellationToken cancellationToken) =>
        SendForBodyAsync(request, static (content, ct) => content.ReadAsStringAsync(ct), cancellationToken);

    private async Task<T> SendForBodyAsync<T>(CoderRequest request, Func<HttpContent, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return await read(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw CoderErrorFactory.InvalidBody(response, request, "the response body ended before it was complete", [], ex);
        }
    }

    /// <summary>Sends the request and returns where the (expected) redirect points, without following it.</summary>
    public async Task<Uri?> SendForRedirectAsync(CoderRequest request, CancellationToken cancellationToken)
    {
        using var response = await SendCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Headers.Location;
    }

    private async Task<HttpResponseMessage> SendCheckedAsync(CoderRequest request, CancellationToken cancellationToken)
    {
        using var message = request.ToHttpRequestMessage(BaseUrl);
        var response = await _invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        foreach (var expected in request.ExpectedStatuses)
        {
            if (status == expected)
            {
                return response;
            }
        }

        try
        {
            if (status is >= 200 and < 300)
            {
                // A success status the operation does not document: the server is not the API we think it is.
                var unexpected = CoderErrorFactory.InvalidBody(response, request,
                    $"expected status {string.Join(" or ", request.ExpectedStatuses)} but coderd answered {status}", [], null);
                throw unexpected;
            }

            throw await CoderErrorFactory.FromErrorResponseAsync(response, request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
    }

    internal static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, CoderRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        byte[]? rented = null;
        var length = 0;
        try
        {
            try
            {
                (rented, length) = await ReadAllAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                throw CoderErrorFactory.InvalidBody(response, request, "the response body ended before it was complete", [], ex);
            }

            var body = rented.AsSpan(0, length);
            if (mediaType is not null && !IsJson(mediaType))
            {
                throw CoderErrorFactory.InvalidBody(response, request,
                    $"expected JSON but the body is {mediaType} ({length} bytes): {CoderErrorFactory.TextExcerpt(body, 160)}", body, null);
            }

            if (length == 0)
            {
                throw CoderErrorFactory.InvalidBody(response, request, "expected a JSON body but the response was empty", body, null);
            }

            T? value;
            try
            {
                value = JsonSerializer.Deserialize(body, typeInfo);
            }
            catch (JsonException ex)
            {
                throw CoderErrorFactory.InvalidBody(response, request, $"the JSON body could not be read as {typeof(T).Name}: {FirstSentence(ex.Message)}", body, ex);
            }
            catch (Exception ex) when (ex is InvalidOperationException or FormatException or OverflowException or ArgumentException)
            {
                throw CoderErrorFactory.InvalidBody(response, request, $"the JSON body could not be read as {typeof(T).Name}: {ex.Message}", body, ex);
            }

            if (value is null)
            {
                throw CoderErrorFactory.InvalidBody(response, request, $"expected {typeof(T).Name} but the body was JSON null", body, null);
            }

            return value;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static async Task<(byte[] Buffer, int Length)> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var declared = response.Content.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and < 64 * 1024 * 1024 ? (int)declared.Value + 1 : 16 * 1024);
        var length = 0;
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }

            if (declared is { } expected && length < expected)
            {
                throw new IOException($"The response declared {expected} bytes but only {length} arrived.");
            }

            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    public void Dispose()
    {
        if (_ownsInvoker)
        {
            _invoker.Dispose();
        }
    }
}
