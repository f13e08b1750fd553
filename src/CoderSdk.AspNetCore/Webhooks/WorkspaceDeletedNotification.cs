namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A workspace was deleted by someone other than its owner, or by dormancy auto-deletion.</summary>
public sealed class WorkspaceDeletedNotification : CoderNotification, ICoderNotificationTemplate<WorkspaceDeletedNotification>
{
    private WorkspaceDeletedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.WorkspaceDeleted;

    /// <summary>The workspace's name (label <c>name</c>).</summary>
    public string? WorkspaceName => Label("name");

    /// <summary>Why it was deleted, e.g. <c>initiated by user</c> or <c>autodeleted due to dormancy</c> (label <c>reason</c>).</summary>
    public string? Reason => Label("reason");

    /// <summary>Who deleted it: a username, or <c>autobuild</c> (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <inheritdoc />
    public static WorkspaceDeletedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
