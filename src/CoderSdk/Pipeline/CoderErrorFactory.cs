using System.Net;
using System.Text;
using System.Text.Json;
using CoderSdk.Errors;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// Turns a failed HTTP exchange into the matching <see cref="CoderApiException"/>; a 403 or 404 whose message is a
/// gated refusal (see <see cref="CoderFeatureGates"/>) becomes <see cref="CoderFeatureForbiddenException"/> or
/// <see cref="CoderFeatureNotFoundException"/>.
/// </summary>
internal static class CoderErrorFactory
{
    public static async Task<CoderApiException> FromErrorResponseAsync(HttpResponseMessage response, CoderCall request, CancellationToken cancellationToken)
    {
        var (body, total) = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        var info = Describe(response, request, body, total);
        return Create(info);
    }

    public static CoderApiException Create(CoderErrorInfo info, Exception? inner = null) => info.StatusCode switch
    {
        HttpStatusCode.Unauthorized => new CoderUnauthorizedException(info, inner),
        HttpStatusCode.Forbidden => CoderFeatureGates.FromMessage(info) is { } gate
            ? new CoderFeatureForbiddenException(info, gate, inner)
            : new CoderForbiddenException(info, inner),
        HttpStatusCode.NotFound => CoderFeatureGates.FromMessage(info) is { } gate
            ? new CoderFeatureNotFoundException(info, gate, inner)
            : new CoderNotFoundException(info, inner),
        HttpStatusCode.Conflict => new CoderConflictException(info, inner),
        HttpStatusCode.TooManyRequests => new CoderRateLimitedException(info, inner),
        _ => new CoderApiException(info, inner),
    };

    /// <summary>
    /// The status arrived but the body broke off: a documented status becomes <see cref="CoderInvalidResponseException"/>,
    /// any other keeps its status-specific type with a message that says the body was cut short.
    /// </summary>
    public static CoderApiException CutShort(HttpResponseMessage response, CoderCall request, Exception? inner)
    {
        const string problem = "the response body ended before it was complete";
        if (Array.IndexOf(request.ExpectedStatuses, (int)response.StatusCode) >= 0)
        {
            return InvalidBody(response, request, problem, [], inner);
        }

        var info = new CoderErrorInfo
        {
            Method = request.Method,
            RouteTemplate = request.RouteTemplate,
            RequestPath = request.RequestPath,
            StatusCode = response.StatusCode,
            CoderMessage = problem,
            ResponseHeaders = response.Headers,
            ReceivedAt = response.Headers.Date ?? DateTimeOffset.UtcNow,
        };
        return Create(Scrubbed(response, info), inner);
    }

    /// <summary>Builds an invalid-response error for a success status whose body could not be used.</summary>
    public static CoderInvalidResponseException InvalidBody(HttpResponseMessage response, CoderCall request, string problem, ReadOnlySpan<byte> body, Exception? inner)
    {
        string? path = null;
        long? line = null, position = null;
        if (inner is JsonException json)
        {
            path = json.Path;
            line = json.LineNumber;
            position = json.BytePositionInLine;
            problem += $" (at {path ?? "$"}, line {line ?? 0}, byte {position ?? 0})";
        }

        var info = new CoderErrorInfo
        {
            Method = request.Method,
            RouteTemplate = request.RouteTemplate,
            RequestPath = request.RequestPath,
            StatusCode = response.StatusCode,
            CoderMessage = problem,
            ResponseHeaders = response.Headers,
            ResponseBody = Excerpt(body),
            ReceivedAt = response.Headers.Date,
        };
        return new CoderInvalidResponseException(Scrubbed(response, info), path, line, position, CoderCallState.SecretsOf(response)?.Scrub(inner) ?? inner);
    }

    internal static CoderErrorInfo Describe(HttpResponseMessage response, CoderCall request, ReadOnlySpan<byte> body, long totalBytes)
    {
        string message;
        string? detail = null;
        IReadOnlyList<CoderValidationError> validations = [];
        var mediaType = response.Content.Headers.ContentType?.MediaType;

        if (totalBytes == 0)
        {
            message = "the response had an empty body";
        }
        else if (TryParseCoderError(body, out var m, out var d, out var v))
        {
            message = m;
            detail = d;
            validations = v;
        }
        else
        {
            var kind = mediaType ?? "no content type";
            var excerpt = TextExcerpt(body, 200);
            message = $"the response body was not Coder's JSON error ({kind}, {totalBytes} bytes){(excerpt.Length > 0 ? ": " + excerpt : string.Empty)}";
        }

        return Scrubbed(response, new CoderErrorInfo
        {
            Method = request.Method,
            RouteTemplate = request.RouteTemplate,
            RequestPath = request.RequestPath,
            StatusCode = response.StatusCode,
            CoderMessage = message,
            Detail = detail,
            Validations = validations,
            ResponseHeaders = response.Headers,
            ResponseBody = Excerpt(body),
            ReceivedAt = response.Headers.Date ?? DateTimeOffset.UtcNow,
        });
    }

    /// <summary>Masks the client's secrets (found on the response's request) in what the server sent.</summary>
    private static CoderErrorInfo Scrubbed(HttpResponseMessage response, CoderErrorInfo info) =>
        CoderCallState.SecretsOf(response)?.Scrub(info) ?? info;

    internal static bool TryParseCoderError(ReadOnlySpan<byte> body, out string message, out string? detail, out IReadOnlyList<CoderValidationError> validations)
    {
        message = string.Empty;
        detail = null;
        validations = [];
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("message", out var messageElement) || messageElement.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            message = messageElement.GetString() ?? string.Empty;
            if (root.TryGetProperty("detail", out var detailElement) && detailElement.ValueKind == JsonValueKind.String)
            {
                detail = detailElement.GetString();
            }

            if (root.TryGetProperty("validations", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                var items = new List<CoderValidationError>();
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var field = item.TryGetProperty("field", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() ?? string.Empty : string.Empty;
                    var why = item.TryGetProperty("detail", out var w) && w.ValueKind == JsonValueKind.String ? w.GetString() ?? string.Empty : string.Empty;
                    items.Add(new CoderValidationError(field, why));
                }

                validations = items;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static async Task<(byte[] Body, long Total)> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var buffer = new byte[CoderErrorInfo.MaxBodyCaptureBytes];
            var filled = 0;
            long total = 0;
            while (true)
            {
                var read = filled < buffer.Length
                    ? await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false)
                    : await stream.ReadAsync(new byte[4096], cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (filled < buffer.Length)
                {
                    filled += read;
                }

                total += read;
                if (total > 4 * CoderErrorInfo.MaxBodyCaptureBytes)
                {
                    // Enough to describe the failure; do not drain an unbounded error body.
                    break;
                }
            }

            return (buffer.AsSpan(0, filled).ToArray(), total);
        }
        catch (IOException)
        {
            // A body cut short is still an error response: report what arrived.
            return ([], 0);
        }
        catch (HttpRequestException)
        {
            return ([], 0);
        }
    }

    private static string? Excerpt(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        var slice = body.Length > CoderErrorInfo.MaxBodyCaptureBytes ? body[..CoderErrorInfo.MaxBodyCaptureBytes] : body;
        return Encoding.UTF8.GetString(slice);
    }

    /// <summary>A short single-line excerpt of a text body: markup tags removed, white space folded.</summary>
    internal static string TextExcerpt(ReadOnlySpan<byte> body, int maxChars)
    {
        if (body.IsEmpty)
        {
            return string.Empty;
        }

        var text = Encoding.UTF8.GetString(body.Length > 4096 ? body[..4096] : body);
        var builder = new StringBuilder(Math.Min(text.Length, maxChars));
        var inTag = false;
        var lastWasSpace = true;
        foreach (var c in text)
        {
            if (c == '<')
            {
                inTag = true;
                continue;
            }

            if (inTag)
            {
                if (c == '>')
                {
                    inTag = false;
                    if (!lastWasSpace)
                    {
                        builder.Append(' ');
                        lastWasSpace = true;
                    }
                }

                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                if (!lastWasSpace)
                {
                    builder.Append(' ');
                    lastWasSpace = true;
                }

                continue;
            }

            builder.Append(c);
            lastWasSpace = false;
            if (builder.Length >= maxChars)
            {
                builder.Append('…');
                break;
            }
        }

        return builder.ToString().Trim();
    }
}
