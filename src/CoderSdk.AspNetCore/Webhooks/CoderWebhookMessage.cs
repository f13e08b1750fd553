using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// One notification as coderd's webhook delivery method posts it: the envelope (message id, rendered title and body)
/// around the <see cref="CoderNotificationPayload"/>. coderd sends the same message id in the <c>X-Message-Id</c> header,
/// and sends a message again (same id) when a delivery fails.
/// </summary>
public sealed record CoderWebhookMessage
{
    /// <summary>The envelope's format version major this package reads (coderd sends <c>1.1</c>).</summary>
    public const int SupportedMajorVersion = 1;

    /// <summary>The name of the header coderd repeats the message id in.</summary>
    public const string MessageIdHeader = "X-Message-Id";

    /// <summary>The envelope's format version (<c>_version</c>), e.g. <c>1.1</c>.</summary>
    [JsonPropertyName("_version")]
    public string Version { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The notification message's id (<c>msg_id</c>); a redelivery of the same message has the same id.</summary>
    [JsonPropertyName("msg_id")]
    public Guid MessageId { get; init; }

    /// <summary>What the notification is about: its template, recipient, labels and data.</summary>
    [JsonPropertyName("payload")]
    public CoderNotificationPayload Payload { get; init; } = null!;

    /// <summary>The title as plain text.</summary>
    [JsonPropertyName("title")]
    public string Title { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The title as Markdown.</summary>
    [JsonPropertyName("title_markdown")]
    public string TitleMarkdown { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The body as plain text.</summary>
    [JsonPropertyName("body")]
    public string Body { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The body as Markdown.</summary>
    [JsonPropertyName("body_markdown")]
    public string BodyMarkdown { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Reads a webhook body.</summary>
    /// <param name="utf8Json">The request body as UTF-8 JSON.</param>
    /// <returns>The message; <see cref="Payload"/> is never null.</returns>
    /// <exception cref="CoderWebhookFormatException">The body is not JSON, or not the shape coderd sends.</exception>
    /// <remarks>The format version is not checked here: see <see cref="IsSupportedVersion"/>.</remarks>
    public static CoderWebhookMessage Parse(ReadOnlySpan<byte> utf8Json)
    {
        CoderWebhookMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(utf8Json, CoderWebhookJsonContext.Default.CoderWebhookMessage);
        }
        catch (JsonException e)
        {
            var where = e.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            throw new CoderWebhookFormatException($"The webhook body is not a coderd notification message{where}: the JSON is malformed or a field has the wrong type.", e);
        }

        if (message is null)
        {
            throw new CoderWebhookFormatException("The webhook body is JSON null, not a coderd notification message.");
        }

        if (message.Payload is null)
        {
            throw new CoderWebhookFormatException("The webhook body has no 'payload' object.");
        }

        if (message.MessageId == Guid.Empty)
        {
            throw new CoderWebhookFormatException("The webhook body has no 'msg_id'.");
        }

        if (message.Payload.NotificationTemplateId == Guid.Empty)
        {
            throw new CoderWebhookFormatException("The webhook payload has no 'notification_template_id'.");
        }

        return message;
    }

    /// <summary>
    /// Whether both format versions (the envelope's and the payload's) have the major version this package reads
    /// (<see cref="SupportedMajorVersion"/>). A newer minor version only adds fields, which are ignored.
    /// </summary>
    public bool IsSupportedVersion => HasSupportedMajor(Version) && HasSupportedMajor(Payload?.Version);

    private static bool HasSupportedMajor(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return false;
        }

        var dot = version.IndexOf('.', StringComparison.Ordinal);
        var major = dot < 0 ? version : version[..dot];
        return int.TryParse(major, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            && value == SupportedMajorVersion;
    }
}

[JsonSourceGenerationOptions(GenerationMode = JsonSourceGenerationMode.Metadata)]
[JsonSerializable(typeof(CoderWebhookMessage))]
internal sealed partial class CoderWebhookJsonContext : JsonSerializerContext
{
}
