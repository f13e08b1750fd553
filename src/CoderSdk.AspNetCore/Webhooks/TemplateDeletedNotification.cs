namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A template was deleted.</summary>
public sealed class TemplateDeletedNotification : CoderNotification, ICoderNotificationTemplate<TemplateDeletedNotification>
{
    private TemplateDeletedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.TemplateDeleted;

    /// <summary>The template's display name, or its name when it has none (label <c>name</c>).</summary>
    public string? TemplateName => Label("name");

    /// <summary>The username of who deleted it (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <inheritdoc />
    public static TemplateDeletedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
