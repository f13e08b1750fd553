namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A workspace's memory use crossed its monitor's threshold.</summary>
public sealed class WorkspaceOutOfMemoryNotification : CoderNotification, ICoderNotificationTemplate<WorkspaceOutOfMemoryNotification>
{
    private WorkspaceOutOfMemoryNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.WorkspaceOutOfMemory;

    /// <summary>The workspace's name (label <c>workspace</c>).</summary>
    public string? WorkspaceName => Label("workspace");

    /// <summary>The threshold as coderd formats it, e.g. <c>90%</c> (label <c>threshold</c>).</summary>
    public string? Threshold => Label("threshold");

    /// <summary>When coderd detected it (data <c>timestamp</c>), or null.</summary>
    public DateTimeOffset? DetectedAt => DataTime("timestamp");

    /// <inheritdoc />
    public static WorkspaceOutOfMemoryNotification FromMessage(CoderWebhookMessage message) => new(message);
}
