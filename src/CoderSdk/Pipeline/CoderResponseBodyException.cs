using CoderSdk.Errors;

namespace CoderSdk.Pipeline;

/// <summary>
/// The status and headers arrived but the body broke off while the pipeline read it. It keeps the response (status
/// and headers stay readable after the body is gone) so <see cref="CoderConnection"/> can report a typed
/// <see cref="CoderInvalidResponseException"/> or error for the operation instead of a bare transport failure.
/// </summary>
internal sealed class CoderResponseBodyException(HttpResponseMessage response, Exception inner)
    : HttpRequestException("The response body ended before it was complete.", inner, response.StatusCode)
{
    public HttpResponseMessage Response { get; } = response;
}
