using System.Net;
using CoderSdk.Errors;

using CoderSdk.Http;

namespace CoderSdk.Pipeline;

/// <summary>Builds the <see cref="CoderErrorInfo"/> of a response the pipeline itself rejects.</summary>
internal static class CoderPipelineErrors
{
    public static CoderErrorInfo Describe(HttpRequestMessage request, HttpResponseMessage response, string message) => new()
    {
        Method = request.Method.Method,
        RouteTemplate = CoderHttpText.RouteOf(request),
        RequestPath = request.RequestUri?.AbsolutePath ?? string.Empty,
        StatusCode = response.StatusCode,
        CoderMessage = message,
        ResponseHeaders = response.Headers,
        ReceivedAt = response.Headers.Date,
    };

    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
