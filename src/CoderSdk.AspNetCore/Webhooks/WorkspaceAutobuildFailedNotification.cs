namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>An automatic start or stop of a workspace failed.</summary>
public sealed class WorkspaceAutobuildFailedNotification : CoderNotification, ICoderNotificationTemplate<WorkspaceAutobuildFailedNotification>
{
    private WorkspaceAutobuildFailedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.WorkspaceAutobuildFailed;

    /// <summary>The workspace's name (label <c>name</c>).</summary>
    public string? WorkspaceName => Label("name");

    /// <summary>The build reason, e.g. <c>autostart</c> or <c>autostop</c> (label <c>reason</c>).</summary>
    public string? Reason => Label("reason");

    /// <inheritdoc />
    public static WorkspaceAutobuildFailedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
