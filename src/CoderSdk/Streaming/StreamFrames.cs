using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Http;

namespace CoderSdk.Streaming;

/// <summary>
/// Reads stream frames and events into models; anything unreadable (not JSON, JSON of the wrong shape, a value that
/// does not bind) is a final <see cref="CoderStreamException"/> naming the stream, with the client's secrets masked
/// in the excerpt of what the server sent.
/// </summary>
internal static class StreamFrames
{
    /// <summary>Reads one JSON frame as <typeparamref name="T"/>.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> frame, JsonTypeInfo<T> typeInfo, CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(frame, typeInfo);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            throw Malformed(stream, secrets, status, frameNumber, $"is not a {Describe(typeInfo)}: {FirstSentence(ex.Message)}", frame, ex);
        }

        return value ?? throw Malformed(stream, secrets, status, frameNumber, $"is JSON null, not a {Describe(typeInfo)}", frame, null);
    }

    /// <summary>
    /// Reads a watch event: a WebSocket frame <c>{"type":"ping"|"data"|"error","data":...}</c>, or an SSE event whose
    /// type came separately (<paramref name="sseType"/>) and whose data is the payload itself.
    /// </summary>
    public static WatchEvent<T> ParseEvent<T>(ReadOnlySpan<byte> frame, string? sseType, JsonTypeInfo<T> typeInfo, CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber) =>
        ParseEvent<T>(frame, sseType, data => data.Deserialize(typeInfo), Describe(typeInfo), stream, secrets, status, frameNumber);

    /// <summary>
    /// Reads a watch event whose data is a batch of items (coderd's chat streams send a JSON array). The spec documents
    /// the data as one item, so a JSON object is read as a batch of one: both shapes carry the same items.
    /// </summary>
    public static WatchEvent<IReadOnlyList<T>> ParseBatchEvent<T>(ReadOnlySpan<byte> frame, string? sseType, JsonTypeInfo<IReadOnlyList<T>> items, JsonTypeInfo<T> item, CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber) =>
        ParseEvent<IReadOnlyList<T>>(frame, sseType,
            data => data.ValueKind == JsonValueKind.Object ? (data.Deserialize(item) is { } one ? [one] : null) : data.Deserialize(items),
            $"{typeof(T).Name} or {Describe(items)}", stream, secrets, status, frameNumber);

    private static WatchEvent<T> ParseEvent<T>(ReadOnlySpan<byte> frame, string? sseType, Func<JsonElement, T?> bind, string describe, CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber)
    {
        string type;
        JsonElement data;
        JsonDocument? document = null;
        try
        {
            if (sseType is not null)
            {
                type = sseType;
                if (frame.IsEmpty)
                {
                    return new WatchEvent<T>(type, default, null);
                }

                document = JsonDocument.Parse(frame.ToArray());
                data = document.RootElement;
            }
            else
            {
                document = JsonDocument.Parse(frame.ToArray());
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
                {
                    throw Malformed(stream, secrets, status, frameNumber, "is not a watch event (an object with a string \"type\")", frame, null);
                }

                type = typeElement.GetString()!;
                data = root.TryGetProperty("data", out var d) ? d : default;
            }
        }
        catch (JsonException ex)
        {
            document?.Dispose();
            throw Malformed(stream, secrets, status, frameNumber, $"is not JSON: {FirstSentence(ex.Message)}", frame, ex);
        }

        using (document)
        {
            switch (type)
            {
                case "ping":
                    return new WatchEvent<T>(type, default, null);
                case "error":
                    return new WatchEvent<T>(type, default, ErrorEvent(stream, secrets, status, frameNumber, data));
                case "data":
                    if (data.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
                    {
                        throw Malformed(stream, secrets, status, frameNumber, "is a data event without data", frame, null);
                    }

                    try
                    {
                        var value = bind(data) ?? throw Malformed(stream, secrets, status, frameNumber, "carries null data", frame, null);
                        return new WatchEvent<T>(type, value, null);
                    }
                    catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
                    {
                        throw Malformed(stream, secrets, status, frameNumber, $"carries data that is not a {describe}: {FirstSentence(ex.Message)}", frame, ex);
                    }

                default:
                    // A newer coderd may add event types; they carry nothing this SDK version can use.
                    return new WatchEvent<T>(type, default, null);
            }
        }
    }

    /// <summary>
    /// A log line must carry its id: coderd's ids start at 1 and the resume position depends on them, so a frame that
    /// bound to a line without one (<c>{}</c>, another object) is not a log line.
    /// </summary>
    public static void RequireId(long id, ReadOnlySpan<byte> frame, CoderRequest stream, CoderSecretScrubber secrets, long frameNumber)
    {
        if (id <= 0)
        {
            throw Malformed(stream, secrets, HttpStatusCode.SwitchingProtocols, frameNumber, $"holds a log line without an id (id {id}; coderd's ids start at 1)", frame, null);
        }
    }

    private static CoderStreamException ErrorEvent(CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber, JsonElement data)
    {
        var raw = data.ValueKind == JsonValueKind.Undefined ? [] : Encoding.UTF8.GetBytes(data.GetRawText());
        var parsed = CoderErrorFactory.TryParseCoderError(raw, out var message, out var detail, out _);
        var info = CoderStreamException.Describe(stream, status, secrets,
            parsed ? $"coderd sent an error event: {message}" : "coderd sent an error event without a message",
            parsed ? detail : null,
            Encoding.UTF8.GetString(raw));
        return new CoderStreamException(info, CoderStreamFailure.ErrorEvent, frameNumber);
    }

    public static CoderStreamException Malformed(CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber, string problem, ReadOnlySpan<byte> frame, Exception? inner) =>
        new(CoderStreamException.Describe(stream, status, secrets, $"frame {frameNumber} {problem}; frame starts: {CoderErrorFactory.TextExcerpt(frame, 120)}",
                body: Encoding.UTF8.GetString(frame.Length > CoderErrorInfo.MaxBodyCaptureBytes ? frame[..CoderErrorInfo.MaxBodyCaptureBytes] : frame)),
            CoderStreamFailure.MalformedFrame, frameNumber, innerException: secrets.Scrub(inner));

    private static string Describe<T>(JsonTypeInfo<T> typeInfo) =>
        typeof(T).IsGenericType ? $"list of {typeof(T).GetGenericArguments()[0].Name}" : typeof(T).Name;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

/// <summary>One watch event: a ping, a data item, or an error from coderd (or an event type this SDK does not know).</summary>
internal readonly record struct WatchEvent<T>(string Type, T? Data, CoderStreamException? Error);
