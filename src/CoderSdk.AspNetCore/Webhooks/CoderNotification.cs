using System.Globalization;
using System.Text.Json;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// A typed view of a <see cref="CoderWebhookMessage"/> of one known notification template: its labels and data as
/// properties. A property is null when coderd did not send that label (an older or newer release may not).
/// </summary>
public abstract class CoderNotification
{
    /// <summary>Wraps a message.</summary>
    /// <param name="message">The message as coderd sent it.</param>
    protected CoderNotification(CoderWebhookMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Message = message;
    }

    /// <summary>The whole message, with the recipient, title, body, actions and the raw labels and data.</summary>
    public CoderWebhookMessage Message { get; }

    /// <summary>The message id; a redelivery has the same one.</summary>
    public Guid MessageId => Message.MessageId;

    /// <summary>The label <paramref name="key"/>, or null when coderd did not send it.</summary>
    /// <param name="key">The label's name.</param>
    /// <returns>The value or null.</returns>
    protected string? Label(string key) => Message.Payload.Labels.TryGetValue(key, out var value) ? value : null;

    /// <summary>The data entry <paramref name="key"/> when it is a JSON object, or null.</summary>
    /// <param name="key">The entry's name.</param>
    /// <returns>The object or null.</returns>
    private protected JsonElement? DataObject(string key) =>
        Message.Payload.Data.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    /// <summary>The data entry <paramref name="key"/> read as a time, or null.</summary>
    /// <param name="key">The entry's name.</param>
    /// <returns>The time or null.</returns>
    private protected DateTimeOffset? DataTime(string key) =>
        Message.Payload.Data.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>The account described by the <c>user</c> data entry, or null.</summary>
    /// <returns>The account or null.</returns>
    private protected CoderNotificationUser? DataUser()
    {
        if (DataObject("user") is not { } user)
        {
            return null;
        }

        return new CoderNotificationUser(
            user.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && Guid.TryParse(id.GetString(), out var guid) ? guid : Guid.Empty,
            Text(user, "name"),
            Text(user, "email"));
    }

    private protected static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
