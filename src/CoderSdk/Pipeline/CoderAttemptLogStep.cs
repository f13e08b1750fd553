using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Pipeline;

/// <summary>
/// Logs every attempt: method, route template, path (secret query values masked), status or failure, elapsed time and
/// attempt number; with <see cref="CoderHttpLoggingOptions"/> also redacted headers and redacted JSON bodies.
/// </summary>
internal sealed class CoderAttemptLogStep(CoderClientOptions options, CoderHttpLog log) : CoderPipelineStep
{
    private readonly CoderHttpLoggingOptions _settings = options.HttpLogging;
    private readonly TimeProvider _time = options.TimeProvider;
    private readonly CoderSecretScrubber _secrets = options.Secrets;

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var route = CoderHttpText.RouteOf(request);
        var attempt = call.Attempt;
        var trace = log.IsEnabled(LogLevel.Trace);
        if (trace && _settings.LogHeaders)
        {
            log.Headers("Request", method, route, _secrets.Scrub(CoderHttpText.FormatHeaders(request.Headers, request.Content?.Headers)));
        }

        if (trace && _settings.LogBodies && !call.IsStream)
        {
            await LogBodyAsync("Request", method, route, request.Content, cancellationToken).ConfigureAwait(false);
        }

        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            log.AttemptFailed(method, route, Elapsed(started), attempt, CoderHttpText.RedactedTarget(request.RequestUri), $"{ex.GetType().Name}: {ex.Message}", ex);
            throw;
        }

        if (log.IsEnabled(LogLevel.Debug))
        {
            // The redacted target is text built per call: only when the line is written.
            log.AttemptCompleted(method, route, (int)response.StatusCode, Elapsed(started), attempt, CoderHttpText.RedactedTarget(request.RequestUri));
        }
        if (trace && _settings.LogHeaders)
        {
            log.Headers("Response", method, route, _secrets.Scrub(CoderHttpText.FormatHeaders(response.Headers, response.Content.Headers)));
        }

        if (trace && _settings.LogBodies && !call.IsStream)
        {
            await LogBodyAsync("Response", method, route, response.Content, cancellationToken).ConfigureAwait(false);
        }

        return response;
    }

    private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    private async Task LogBodyAsync(string direction, string method, string route, HttpContent? content, CancellationToken cancellationToken)
    {
        if (content is null || !CoderHttpText.IsJson(content.Headers.ContentType?.MediaType))
        {
            return;
        }

        if (direction == "Request" && !CoderHttpText.IsReplayable(content))
        {
            // Reading a streamed request body here would consume it before it is sent.
            return;
        }

        byte[] body;
        try
        {
            body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The attempt itself reports a broken body; logging must not change the outcome.
            return;
        }

        log.Body(direction, method, route, body.LongLength, _secrets.Scrub(CoderHttpText.RedactJson(body, _settings.MaxBodyLength)));
    }
}
