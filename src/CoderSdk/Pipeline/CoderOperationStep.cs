using CoderSdk.Telemetry;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// The outermost step of every client's pipeline: it recognises the generated operation a Refit request calls (so the
/// steps after it log its route template and know whether a redirect is its answer), asks for JSON, and prepares
/// the answer for the SDK's serializer: a body the pipeline has not buffered yet is read into pooled memory here,
/// a documented redirect's <c>Location</c> becomes the body Refit reads.
/// </summary>
internal sealed class CoderOperationStep : CoderPipelineStep
{
    /// <summary>
    /// Finishes the call's activity and records its duration and retries (only where someone listens), with
    /// OpenTelemetry's HTTP client attribute names: <c>url.template</c> (never the concrete path or query),
    /// <c>server.address</c>, <c>server.port</c>, <c>http.request.method</c>, <c>http.response.status_code</c>,
    /// <c>http.request.resend_count</c> (set once the call was sent again) and <c>error.type</c>.
    /// </summary>
    private static void Record(System.Diagnostics.Activity? activity, CoderOperation operation, CoderCallState call, Uri? target, long started, int? status, Exception? error)
    {
        var resends = call.Attempt > 1 ? call.Attempt - 1 : 0;
        var errorType = error is not null ? error.GetType().FullName : status >= 400 ? status.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        if (activity is not null)
        {
            if (resends > 0)
            {
                activity.SetTag("http.request.resend_count", resends);
            }

            if (status is { } code)
            {
                activity.SetTag("http.response.status_code", code);
            }

            if (errorType is not null)
            {
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error?.GetType().Name ?? errorType);
                activity.SetTag("error.type", errorType);
            }
        }

        if (CoderTelemetry.Duration.Enabled)
        {
            var tags = new System.Diagnostics.TagList
            {
                { "coder.operation", operation.OperationId },
                { "url.template", operation.Route },
                { "http.request.method", operation.HttpMethod },
                { "server.address", target?.Host },
                { "server.port", target?.Port },
            };
            if (status is { } code)
            {
                tags.Add("http.response.status_code", code);
            }

            if (errorType is not null)
            {
                tags.Add("error.type", errorType);
            }

            CoderTelemetry.Duration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }

        if (resends > 0 && CoderTelemetry.Retries.Enabled)
        {
            CoderTelemetry.Retries.Add(resends,
                new KeyValuePair<string, object?>("coder.operation", operation.OperationId),
                new KeyValuePair<string, object?>("url.template", operation.Route),
                new KeyValuePair<string, object?>("server.address", target?.Host));
        }
    }

    /// <summary>True when a <c>{placeholder}</c> of <paramref name="route"/> is empty in <paramref name="uri"/>'s path.</summary>
    internal static bool HasEmptySegment(Uri uri, string route)
    {
        // Read from the text Refit built (no per-call path string): skip the scheme and authority, stop at the query.
        var text = uri.OriginalString.AsSpan();
        if (uri.IsAbsoluteUri)
        {
            var authority = text.IndexOf("://", StringComparison.Ordinal);
            if (authority >= 0)
            {
                text = text[(authority + 3)..];
                var slash = text.IndexOf('/');
                text = slash < 0 ? [] : text[slash..];
            }
        }

        var end = text.IndexOfAny('?', '#');
        var path = end < 0 ? text : text[..end];
        if (path.Contains("//", StringComparison.Ordinal))
        {
            return true;
        }

        // Only the last placeholder can leave no trace but a trailing slash.
        return path is [.., '/'] && route.EndsWith('}');
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<HttpResponseMessage> SendAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = call.Operation;
        if (operation is null || call.IsStream)
        {
            // A stream handshake or a raw send: the answer is the caller's to read; the client still learns from it.
            var passed = await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
            call.Versions?.Observe(passed);
            return passed;
        }

        if (request.RequestUri is { } uri && HasEmptySegment(uri, operation.Route))
        {
            // The request would reach another endpoint (or a redirect to one).
            throw new ArgumentException($"A path value of {operation} is empty; every {{segment}} needs a value.");
        }

        // Raw text: reading or adding through Headers.Accept would allocate its typed collection on every call.
        if (!request.Headers.NonValidated.Contains("Accept"))
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
        }

        using var activity = CoderTelemetry.Source.StartActivity(operation.ActivityName, System.Diagnostics.ActivityKind.Client);
        var target = request.RequestUri is { IsAbsoluteUri: true } absolute ? absolute : null;
        if (activity is not null)
        {
            activity.SetTag("coder.operation", operation.OperationId);
            activity.SetTag("http.request.method", operation.HttpMethod);
            activity.SetTag("url.template", operation.Route);
            activity.SetTag("server.address", target?.Host);
            activity.SetTag("server.port", target?.Port);
        }

        var started = CoderTelemetry.Duration.Enabled || activity is not null ? System.Diagnostics.Stopwatch.GetTimestamp() : 0;
        HttpResponseMessage response;
        try
        {
            response = await SendNextAsync(call, request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Record(activity, operation, call, target, started, null, ex);
            throw;
        }

        // The one place a client learns the server's version from an answer (every call and handshake passes here).
        call.Versions?.Observe(response);
        Record(activity, operation, call, target, started, (int)response.StatusCode, null);
        try
        {
            var status = (int)response.StatusCode;
            if (operation.Response == CoderResponseKind.Redirect && status is >= 300 and < 400 && operation.Accepts(status))
            {
                var location = response.Headers.Location;
                response.Content.Dispose();
                response.Content = new CoderRedirectContent(location is null || location.IsAbsoluteUri || request.RequestUri is null ? location : new Uri(request.RequestUri, location));
                return response;
            }

            if (response.Content is not CoderBufferedContent)
            {
                try
                {
                    await CoderBufferedContent.BufferAsync(response, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
                {
                    throw new CoderResponseBodyException(response, ex);
                }
            }

            if (operation.Response is CoderResponseKind.Json or CoderResponseKind.JsonOrNothing && operation.Accepts(status) &&
                response.Content is CoderBufferedContent { Length: > 0 } buffered)
            {
                await buffered.PrepareForParsingAsync().ConfigureAwait(false);
            }

            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
