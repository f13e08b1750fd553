namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A workspace was marked dormant, by inactivity or by a user.</summary>
public sealed class WorkspaceDormantNotification : CoderNotification, ICoderNotificationTemplate<WorkspaceDormantNotification>
{
    private WorkspaceDormantNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.WorkspaceDormant;

    /// <summary>The workspace's name (label <c>name</c>).</summary>
    public string? WorkspaceName => Label("name");

    /// <summary>Why it became dormant (label <c>reason</c>).</summary>
    public string? Reason => Label("reason");

    /// <summary>
    /// When it will be deleted, as coderd words it (e.g. <c>2 weeks from now</c>; label <c>timeTilDelete</c>); null when
    /// the template does not delete dormant workspaces.
    /// </summary>
    public string? TimeUntilDeletion => Label("timeTilDelete");

    /// <inheritdoc />
    public static WorkspaceDormantNotification FromMessage(CoderWebhookMessage message) => new(message);
}
