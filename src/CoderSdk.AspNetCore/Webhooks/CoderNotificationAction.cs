using System.Text.Json.Serialization;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A link a notification offers, e.g. "View workspace".</summary>
/// <param name="Label">The link's text.</param>
/// <param name="Url">The link's address.</param>
public sealed record CoderNotificationAction(
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("url")] string Url);
