using System.Globalization;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A workspace build someone started by hand failed (sent to template administrators).</summary>
public sealed class WorkspaceManualBuildFailedNotification : CoderNotification, ICoderNotificationTemplate<WorkspaceManualBuildFailedNotification>
{
    private WorkspaceManualBuildFailedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.WorkspaceManualBuildFailed;

    /// <summary>The workspace's name (label <c>name</c>).</summary>
    public string? WorkspaceName => Label("name");

    /// <summary>The template's display name, or its name when it has none (label <c>template_name</c>).</summary>
    public string? TemplateName => Label("template_name");

    /// <summary>The template version's name (label <c>template_version_name</c>).</summary>
    public string? TemplateVersionName => Label("template_version_name");

    /// <summary>The username of who started the build (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <summary>The workspace owner's username (label <c>workspace_owner_username</c>).</summary>
    public string? WorkspaceOwnerUsername => Label("workspace_owner_username");

    /// <summary>The build number (label <c>workspace_build_number</c>), or null when missing or not a number.</summary>
    public int? BuildNumber =>
        int.TryParse(Label("workspace_build_number"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <inheritdoc />
    public static WorkspaceManualBuildFailedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
