using System.Text.Json;
using CoderSdk.Errors;
using CoderSdk.Http;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// Refit's exception factories for the SDK: every answer is judged against the operation's exact success statuses
/// (from the generated <c>CoderOperations</c> table) and a failure becomes the same typed exception, with the same
/// message, that the README's error table promises. Messages name the route template, never the query or a token.
/// </summary>
internal static class CoderRefitErrors
{
    /// <summary>Refit's <c>ExceptionFactory</c>: null when the answer is a success the operation documents.</summary>
    public static ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response) => FromResponseAsync(response, null);

    /// <summary>
    /// Refit's <c>ExceptionFactory</c> for a client: as <see cref="FromResponseAsync(HttpResponseMessage)"/>, and a 404 is
    /// judged by what the client knows of the server's version (the pipeline learned it from the answer).
    /// </summary>
    public static async ValueTask<Exception?> FromResponseAsync(HttpResponseMessage response, CoderVersionGate? versions)
    {
        var request = response.RequestMessage;
        var operation = request is null ? null : CoderCallState.OperationOf(request);
        var status = (int)response.StatusCode;
        if (operation is null)
        {
            // Not a generated call (the table always knows those): keep HTTP's own notion of success.
            return response.IsSuccessStatusCode
                ? null
                : await CoderErrorFactory.FromErrorResponseAsync(response, CoderCall.Unknown(request), CancellationToken.None).ConfigureAwait(false);
        }

        if (operation.Accepts(status))
        {
            // The success path allocates nothing: the call's description is built only for an error.
            return operation.Response is CoderResponseKind.Json or CoderResponseKind.JsonOrNothing && status != operation.EmptyStatus
                ? CheckJsonBody(response, request!, operation)
                : null;
        }

        var call = CoderCall.Of(request!, operation);

        if (status is >= 200 and < 300)
        {
            // A success status the operation does not document: the server is not the API we think it is.
            return CoderErrorFactory.InvalidBody(response, call,
                $"expected status {string.Join(" or ", operation.Statuses)} but coderd answered {status}", Body(response), null);
        }

        var error = await CoderErrorFactory.FromErrorResponseAsync(response, call, CancellationToken.None).ConfigureAwait(false);
        return versions is not null && error is CoderNotFoundException notFound ? versions.Judge(notFound, operation, response) : error;
    }

    /// <summary>Refit's <c>DeserializationExceptionFactory</c>: a body that did not parse becomes <see cref="CoderInvalidResponseException"/>.</summary>
    public static ValueTask<Exception?> FromDeserializationAsync(HttpResponseMessage response, Exception exception)
    {
        if (exception is CoderApiException or OperationCanceledException)
        {
            return ValueTask.FromResult<Exception?>(exception);
        }

        var request = response.RequestMessage;
        var operation = request is null ? null : CoderCallState.OperationOf(request);
        var call = operation is null ? CoderCall.Unknown(request) : CoderCall.Of(request!, operation);
        var body = Body(response);
        var problem = exception switch
        {
            CoderBodyException empty => empty.Message,
            JsonException json => $"the JSON body could not be read as {TypeName(operation)}: {FirstSentence(json.Message)}",
            IOException or HttpRequestException => "the response body ended before it was complete",
            _ => $"the JSON body could not be read as {TypeName(operation)}: {exception.Message}",
        };
        return ValueTask.FromResult<Exception?>(CoderErrorFactory.InvalidBody(response, call, problem, body, exception is CoderBodyException ? null : exception));
    }

    /// <summary>
    /// Refit's <c>TransportExceptionFactory</c>: transport, timeout and the SDK's own pipeline exceptions pass through
    /// unwrapped; a body that broke off after the status arrived becomes the operation's typed error.
    /// </summary>
    public static Exception FromTransport(HttpRequestMessage request, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is CoderResponseBodyException cut)
        {
            var operation = CoderCallState.OperationOf(request);
            return CoderErrorFactory.CutShort(cut.Response, operation is null ? CoderCall.Unknown(request) : CoderCall.Of(request, operation), cut.InnerException);
        }

        return exception;
    }

    private static CoderInvalidResponseException? CheckJsonBody(HttpResponseMessage response, HttpRequestMessage request, CoderOperation operation)
    {
        var body = Body(response);
        if (CoderHttpText.TryGetMediaType(response.Content, out var mediaType) && !CoderHttpText.IsJson(mediaType))
        {
            return CoderErrorFactory.InvalidBody(response, CoderCall.Of(request, operation),
                $"expected JSON but the body is {mediaType.ToString()} ({body.Length} bytes): {CoderErrorFactory.TextExcerpt(body, 160)}", body, null);
        }

        return body.IsEmpty && response.Content is CoderBufferedContent
            ? CoderErrorFactory.InvalidBody(response, CoderCall.Of(request, operation), "expected a JSON body but the response was empty", body, null)
            : null;
    }

    /// <summary>The body the pipeline buffered, or nothing when it was not buffered by the SDK.</summary>
    private static ReadOnlySpan<byte> Body(HttpResponseMessage response) =>
        response.Content is CoderBufferedContent buffered ? buffered.Memory.Span : [];

    private static string TypeName(CoderOperation? operation) =>
        operation is { ResponseType.Length: > 0 } ? operation.ResponseType : "the expected type";

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
