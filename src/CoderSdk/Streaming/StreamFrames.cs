using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

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
        ParseEvent(frame, sseType, static (data, _, info) => JsonSerializer.Deserialize(data, info), typeInfo, Describe, stream, secrets, status, frameNumber);

    /// <summary>
    /// Reads a watch event whose data is a batch of items (coderd's chat streams send a JSON array). The spec documents
    /// the data as one item, so a JSON object is read as a batch of one: both shapes carry the same items.
    /// </summary>
    public static WatchEvent<IReadOnlyList<T>> ParseBatchEvent<T>(ReadOnlySpan<byte> frame, string? sseType, JsonTypeInfo<IReadOnlyList<T>> items, JsonTypeInfo<T> item, CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber) =>
        ParseEvent<IReadOnlyList<T>, (JsonTypeInfo<IReadOnlyList<T>> Items, JsonTypeInfo<T> Item)>(frame, sseType,
            static (data, first, info) => first == JsonTokenType.StartObject ? (JsonSerializer.Deserialize(data, info.Item) is { } one ? [one] : null) : JsonSerializer.Deserialize(data, info.Items),
            (items, item), static info => $"{typeof(T).Name} or {Describe(info.Items)}", stream, secrets, status, frameNumber);

    /// <summary>Binds an event's data (its raw JSON, and the kind of its first token) to a model, with the metadata in <paramref name="info"/>.</summary>
    private delegate T? BindData<T, TInfo>(ReadOnlySpan<byte> data, JsonTokenType first, TInfo info);

    /// <summary>
    /// Reads the envelope once with <see cref="Utf8JsonReader"/>: the type, and where the data lies in the frame; the
    /// data is then bound straight from those bytes (no document, no copy of the frame).
    /// </summary>
    private static WatchEvent<T> ParseEvent<T, TInfo>(ReadOnlySpan<byte> frame, string? sseType, BindData<T, TInfo> bind, TInfo info, Func<TInfo, string> describe, CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber)
    {
        string type;
        ReadOnlySpan<byte> data = default;
        var first = JsonTokenType.None;
        try
        {
            var reader = new Utf8JsonReader(frame);
            if (sseType is not null)
            {
                type = sseType;
                if (frame.IsEmpty)
                {
                    return new WatchEvent<T>(type, default, null);
                }

                reader.Read();
                first = reader.TokenType;
                reader.Skip();
                data = frame;
            }
            else
            {
                string? found = null;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    EndOfValue(ref reader);
                    throw Malformed(stream, secrets, status, frameNumber, "is not a watch event (an object with a string \"type\")", frame, null);
                }

                var typeIsString = false;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isType = reader.ValueTextEquals("type"u8);
                    var isData = !isType && reader.ValueTextEquals("data"u8);
                    reader.Read();
                    var start = (int)reader.TokenStartIndex;
                    var kind = reader.TokenType;
                    if (isType)
                    {
                        typeIsString = kind == JsonTokenType.String;
                        found = typeIsString ? KnownType(ref reader) : null;
                    }

                    reader.Skip();
                    if (isData)
                    {
                        first = kind;
                        data = frame[start..(int)reader.BytesConsumed];
                    }
                }

                EndOfValue(ref reader);
                if (!typeIsString)
                {
                    throw Malformed(stream, secrets, status, frameNumber, "is not a watch event (an object with a string \"type\")", frame, null);
                }

                type = found!;
            }

            if (sseType is not null)
            {
                EndOfValue(ref reader);
            }
        }
        catch (JsonException ex)
        {
            throw Malformed(stream, secrets, status, frameNumber, $"is not JSON: {FirstSentence(ex.Message)}", frame, ex);
        }

        switch (type)
        {
            case "ping":
                return new WatchEvent<T>(type, default, null);
            case "error":
                return new WatchEvent<T>(type, default, ErrorEvent(stream, secrets, status, frameNumber, data));
            case "data":
                if (first is JsonTokenType.None or JsonTokenType.Null)
                {
                    throw Malformed(stream, secrets, status, frameNumber, "is a data event without data", frame, null);
                }

                try
                {
                    var value = bind(data, first, info) ?? throw Malformed(stream, secrets, status, frameNumber, "carries null data", frame, null);
                    return new WatchEvent<T>(type, value, null);
                }
                catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
                {
                    throw Malformed(stream, secrets, status, frameNumber, $"carries data that is not a {describe(info)}: {FirstSentence(ex.Message)}", frame, ex);
                }

            default:
                // A newer coderd may add event types; they carry nothing this SDK version can use.
                return new WatchEvent<T>(type, default, null);
        }
    }

    /// <summary>The event type's text, without a new string for the types coderd sends.</summary>
    private static string KnownType(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("data"u8) ? "data"
        : reader.ValueTextEquals("ping"u8) ? "ping"
        : reader.ValueTextEquals("error"u8) ? "error"
        : reader.GetString()!;

    /// <summary>After the frame's one value only whitespace may follow (as <see cref="JsonDocument"/> requires).</summary>
    private static void EndOfValue(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException($"'{(char)reader.ValueSpan[0]}' follows the end of the JSON value.");
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

    private static CoderStreamException ErrorEvent(CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber, ReadOnlySpan<byte> data)
    {
        var parsed = CoderErrorFactory.TryParseCoderError(data, out var message, out var detail, out _);
        var info = stream.Describe(status, secrets,
            parsed ? $"coderd sent an error event: {message}" : "coderd sent an error event without a message",
            parsed ? detail : null,
            Encoding.UTF8.GetString(data));
        return new CoderStreamException(info, CoderStreamFailure.ErrorEvent, frameNumber);
    }

    public static CoderStreamException Malformed(CoderRequest stream, CoderSecretScrubber secrets, HttpStatusCode status, long frameNumber, string problem, ReadOnlySpan<byte> frame, Exception? inner) =>
        new(stream.Describe(status, secrets, $"frame {frameNumber} {problem}; frame starts: {CoderErrorFactory.TextExcerpt(frame, 120)}",
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
