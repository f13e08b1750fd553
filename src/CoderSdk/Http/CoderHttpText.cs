using System.Buffers;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace CoderSdk.Http;

/// <summary>
/// How requests are described in logs and errors: route template, path with secret query values masked, headers with
/// secret values masked, JSON bodies with secret fields masked. Also the small facts about requests the handlers share.
/// </summary>
internal static class CoderHttpText
{
    public const string Redacted = "****";

    /// <summary>The header that carries a session token.</summary>
    public const string SessionTokenHeader = "Coder-Session-Token";

    /// <summary>The header that carries a provisioner daemon key.</summary>
    public const string ProvisionerKeyHeader = "Coder-Provisioner-Daemon-Key";

    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        SessionTokenHeader, ProvisionerKeyHeader, "X-AI-Governance-Gateway-Key",
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
    };

    private static readonly HashSet<string> SecretQueryKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "coder_session_token", "access_token",
    };

    private static readonly HashSet<string> SecretJsonFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "session_token", "token", "key", "password", "old_password", "secret", "access_token", "refresh_token",
        "client_secret", "api_key", "private_key", "otp", "one_time_passcode",
    };

    /// <summary>The route template the request was built from, or its path when it came from elsewhere.</summary>
    public static string RouteOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(CoderRequestOptions.RouteTemplate, out var route) ? route : request.RequestUri?.AbsolutePath ?? "(no uri)";

    /// <summary>Whether the header's value must never be written anywhere.</summary>
    public static bool IsSecretHeader(string name) => SecretHeaders.Contains(name);

    /// <summary>The path and query with the values of <c>coder_session_token</c> and <c>access_token</c> masked.</summary>
    public static string RedactedTarget(Uri? uri)
    {
        if (uri is null)
        {
            return "(no uri)";
        }

        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString;
        var query = uri.IsAbsoluteUri ? uri.Query : string.Empty;
        if (query.Length <= 1)
        {
            return path;
        }

        var builder = new StringBuilder(path.Length + query.Length).Append(path).Append('?');
        var first = true;
        foreach (var pair in query[1..].Split('&'))
        {
            if (!first)
            {
                builder.Append('&');
            }

            first = false;
            var equals = pair.IndexOf('=');
            var key = equals < 0 ? pair : pair[..equals];
            if (equals >= 0 && SecretQueryKeys.Contains(Uri.UnescapeDataString(key)))
            {
                builder.Append(key).Append('=').Append(Redacted);
            }
            else
            {
                builder.Append(pair);
            }
        }

        return builder.ToString();
    }

    /// <summary>Headers as <c>Name: value</c> pairs, secret values masked.</summary>
    public static string FormatHeaders(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var builder = new StringBuilder();
        foreach (var set in contentHeaders is null ? [headers] : new[] { headers, contentHeaders })
        {
            foreach (var (name, values) in set.NonValidated)
            {
                if (builder.Length > 0)
                {
                    builder.Append("; ");
                }

                builder.Append(name).Append(": ").Append(IsSecretHeader(name) ? Redacted : values.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether a media type is JSON.</summary>
    public static bool IsJson(string? mediaType) => mediaType is not null && IsJson(mediaType.AsSpan());

    /// <inheritdoc cref="IsJson(string?)" />
    public static bool IsJson(ReadOnlySpan<char> mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
        mediaType.Equals("text/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The media type (<c>application/json</c>) of <paramref name="content"/>'s <c>Content-Type</c>, read from the
    /// header's text without parsing it into header objects (which would allocate on every call). False when there is
    /// no such header or its value is not a <c>type/subtype</c>, as the typed <c>ContentType</c> would give null.
    /// </summary>
    public static bool TryGetMediaType(HttpContent content, out ReadOnlySpan<char> mediaType)
    {
        mediaType = default;
        if (!content.Headers.NonValidated.TryGetValues("Content-Type", out var values) || values.Count != 1)
        {
            return false;
        }

        var text = values.ToString().AsSpan();
        var parameters = text.IndexOf(';');
        text = (parameters >= 0 ? text[..parameters] : text).Trim();
        var slash = text.IndexOf('/');
        if (slash <= 0 || slash == text.Length - 1 || text[(slash + 1)..].Contains('/') || text.ContainsAny(" \t,\"="))
        {
            return false;
        }

        mediaType = text;
        return true;
    }

    /// <summary>
    /// A JSON body for the log: secret fields masked, cut to <paramref name="maxLength"/> characters. A body that does
    /// not parse as JSON is described, not shown, because it cannot be redacted reliably.
    /// </summary>
    public static string RedactJson(ReadOnlySpan<byte> body, int maxLength)
    {
        var output = new ArrayBufferWriter<byte>(Math.Min(body.Length + 16, 64 * 1024));
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            using (var writer = new Utf8JsonWriter(output))
            {
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.PropertyName && SecretJsonFields.Contains(reader.GetString()!))
                    {
                        writer.WritePropertyName(reader.GetString()!);
                        reader.Read();
                        reader.Skip();
                        writer.WriteStringValue(Redacted);
                        continue;
                    }

                    CopyToken(ref reader, writer);
                }
            }
        }
        catch (JsonException)
        {
            return $"(not valid JSON, {body.Length} bytes; not shown)";
        }

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        return text.Length <= maxLength ? text : text[..maxLength] + "…";
    }

    /// <summary>Methods HTTP defines as idempotent: repeating them cannot add an effect.</summary>
    public static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put || method == HttpMethod.Delete ||
        method == HttpMethod.Options || method == HttpMethod.Trace;

    /// <summary>Whether the body can be sent again (absent, or held in memory).</summary>
    public static bool IsReplayable(HttpContent? content) =>
        content is null or ByteArrayContent or ReadOnlyMemoryContent or FormUrlEncodedContent;

    /// <summary>A WebSocket upgrade or a stream the caller marked; such requests bypass the resilience pipeline (timeouts, retries).</summary>
    public static bool IsStream(HttpRequestMessage request) =>
        (request.Options.TryGetValue(CoderRequestOptions.IsStream, out var stream) && stream) ||
        request.Method == HttpMethod.Connect ||
        // NonValidated: the typed Upgrade collection would be allocated on every call.
        request.Headers.NonValidated.Contains("Upgrade") ||
        request.Headers.NonValidated.Contains("Sec-WebSocket-Key");

    /// <summary>The scheme, host and port of a URI.</summary>
    public static string OriginOf(Uri uri) => uri.GetLeftPart(UriPartial.Authority);

    private static void CopyToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                writer.WritePropertyName(reader.GetString()!);
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(reader.GetString());
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                writer.WriteBooleanValue(reader.GetBoolean());
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
        }
    }

    /// <summary>Adds one sentence per unusable header of <paramref name="headers"/> (a bad name, a line break, the session-token header).</summary>
    /// <param name="headers">The headers to check.</param>
    /// <param name="setting">The setting's name for the sentences, e.g. <c>CoderClientOptions.Headers</c>.</param>
    /// <param name="tokenAdvice">What to do instead of putting the token in the headers.</param>
    /// <param name="errors">Where the sentences go.</param>
    public static void AddHeaderErrors(IDictionary<string, string> headers, string setting, string tokenAdvice, List<string> errors)
    {
        foreach (var (name, value) in headers)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Any(c => c <= ' ' || c >= 127 || c == ':'))
            {
                errors.Add($"Header name '{name}' is not a valid HTTP header name.");
            }
            else if (string.Equals(name, SessionTokenHeader, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"Do not put Coder-Session-Token in {setting}; {tokenAdvice}.");
            }
            else if (value is null || value.Any(c => c is '\r' or '\n' or '\0'))
            {
                errors.Add($"The value of header '{name}' is missing or contains a line break.");
            }
        }
    }
}
