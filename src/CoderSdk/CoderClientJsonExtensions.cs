using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Errors;
using CoderSdk.Json;
using CoderSdk.Pipeline;
using CoderSdk.Versions;

namespace CoderSdk;

/// <summary>
/// Typed JSON calls to routes the SDK has no method for (an operation newer than this release, an experimental one),
/// over <see cref="ICoderClient.SendAsync"/>: the SDK's serializer settings, its pipeline and its typed errors.
/// </summary>
/// <example>
/// <code>
/// // An SDK model needs no type information; a type of your own takes its JsonTypeInfo from your JsonSerializerContext.
/// var me = await coder.SendJsonAsync&lt;User&gt;(HttpMethod.Get, "/api/v2/users/me");
/// var renamed = await coder.SendAsJsonAsync&lt;UpdateUserProfileRequest, User&gt;(HttpMethod.Put, "/api/v2/users/me/profile",
///     new UpdateUserProfileRequest { Username = "ada" });
/// </code>
/// </example>
public static class CoderClientJsonExtensions
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>Sends a request without a body and reads the JSON answer as <typeparamref name="TResponse"/>.</summary>
    /// <typeparam name="TResponse">The answer's type: one of the SDK's models, or any type whose <paramref name="responseType"/> you pass.</typeparam>
    /// <param name="client">The client whose pipeline sends the request.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The route with its values filled in, relative to the deployment (<c>/api/v2/...</c>); escape path values yourself (<see cref="Uri.EscapeDataString(string)"/>).</param>
    /// <param name="responseType">Source-generated metadata for the answer; null for an SDK model.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="ArgumentException"><typeparamref name="TResponse"/> is not an SDK model and no metadata was passed.</exception>
    /// <exception cref="CoderApiException">coderd answered with an error, or the body is not the JSON expected (<see cref="CoderInvalidResponseException"/>).</exception>
    public static Task<TResponse> SendJsonAsync<TResponse>(this ICoderClient client, HttpMethod method, string path,
        JsonTypeInfo<TResponse>? responseType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return SendCoreAsync(client, new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute)), responseType ?? SdkType<TResponse>(nameof(responseType)), cancellationToken);
    }

    /// <summary>Sends <paramref name="body"/> as JSON and reads the JSON answer as <typeparamref name="TResponse"/>.</summary>
    /// <typeparam name="TRequest">The body's type: one of the SDK's models, or any type whose <paramref name="requestType"/> you pass.</typeparam>
    /// <typeparam name="TResponse">The answer's type: one of the SDK's models, or any type whose <paramref name="responseType"/> you pass.</typeparam>
    /// <param name="client">The client whose pipeline sends the request.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The route with its values filled in, relative to the deployment (<c>/api/v2/...</c>).</param>
    /// <param name="body">The request body, serialized once (so a retry sends the same bytes).</param>
    /// <param name="requestType">Source-generated metadata for the body; null for an SDK model.</param>
    /// <param name="responseType">Source-generated metadata for the answer; null for an SDK model.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="ArgumentException">A type is not an SDK model and no metadata was passed for it.</exception>
    /// <exception cref="CoderApiException">coderd answered with an error, or the body is not the JSON expected (<see cref="CoderInvalidResponseException"/>).</exception>
    public static Task<TResponse> SendAsJsonAsync<TRequest, TResponse>(this ICoderClient client, HttpMethod method, string path, TRequest body,
        JsonTypeInfo<TRequest>? requestType = null, JsonTypeInfo<TResponse>? responseType = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType ?? SdkType<TRequest>(nameof(requestType))));
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute)) { Content = content };
        return SendCoreAsync(client, request, responseType ?? SdkType<TResponse>(nameof(responseType)), cancellationToken);
    }

    private static async Task<TResponse> SendCoreAsync<TResponse>(ICoderClient client, HttpRequestMessage request, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString;
            return await CoderConnection.ReadJsonAsync(response, new CoderCall(request.Method.Method, path, path, []), responseType, cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonTypeInfo<T> SdkType<T>(string parameter) =>
        CoderJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new ArgumentException(
                $"{typeof(T).FullName} is not one of the SDK's models, so the SDK has no JSON metadata for it: pass {parameter} from your own JsonSerializerContext.", parameter);
}
