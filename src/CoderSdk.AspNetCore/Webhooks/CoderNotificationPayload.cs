using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>The notification inside a <see cref="CoderWebhookMessage"/> (<c>payload</c>).</summary>
public sealed record CoderNotificationPayload
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = ReadOnlyDictionary<string, string>.Empty;
    private static readonly IReadOnlyDictionary<string, JsonElement> NoData = ReadOnlyDictionary<string, JsonElement>.Empty;

    /// <summary>The payload's format version (<c>_version</c>), e.g. <c>1.2</c>.</summary>
    [JsonPropertyName("_version")]
    public string Version { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The notification template's display name, e.g. <c>Workspace Deleted</c>.</summary>
    [JsonPropertyName("notification_name")]
    public string NotificationName { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The notification template's id: what kind of notification this is (<see cref="CoderNotificationTemplates"/>).</summary>
    [JsonPropertyName("notification_template_id")]
    public Guid NotificationTemplateId { get; init; }

    /// <summary>The recipient's user id.</summary>
    [JsonPropertyName("user_id")]
    public Guid UserId { get; init; }

    /// <summary>The recipient's e-mail address.</summary>
    [JsonPropertyName("user_email")]
    public string UserEmail { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The recipient's display name (empty when unset).</summary>
    [JsonPropertyName("user_name")]
    public string UserName { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The recipient's login name.</summary>
    [JsonPropertyName("user_username")]
    public string UserUsername { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>The links the notification offers (empty when none).</summary>
    [JsonPropertyName("actions")]
    public IReadOnlyList<CoderNotificationAction> Actions { get; init => field = value ?? []; } = [];

    /// <summary>The template's string parameters, e.g. <c>name</c> and <c>reason</c> (empty when none).</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, string> Labels { get; init => field = value ?? NoLabels; } = NoLabels;

    /// <summary>The template's structured parameters, as coderd sent them (empty when none).</summary>
    [JsonPropertyName("data")]
    public IReadOnlyDictionary<string, JsonElement> Data { get; init => field = value ?? NoData; } = NoData;

    /// <summary>The ids of the entities the notification concerns: workspace, owner, template, organization (empty when none).</summary>
    [JsonPropertyName("targets")]
    public IReadOnlyList<Guid> Targets { get; init => field = value ?? []; } = [];
}
