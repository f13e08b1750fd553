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

/// <summary>
/// A notification type <see cref="CoderWebhookOptions.On{TNotification}(Func{TNotification, CancellationToken, Task})"/>
/// can dispatch to: its template id, and how to build it from a message.
/// </summary>
/// <typeparam name="TSelf">The notification type.</typeparam>
public interface ICoderNotificationTemplate<TSelf>
    where TSelf : CoderNotification, ICoderNotificationTemplate<TSelf>
{
    /// <summary>The notification template id the type reads.</summary>
    static abstract Guid TemplateId { get; }

    /// <summary>Builds the typed view of a message of that template.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The notification.</returns>
    static abstract TSelf FromMessage(CoderWebhookMessage message);
}

/// <summary>An account a notification is about (the <c>user</c> data entry).</summary>
/// <param name="Id">The user id (empty when coderd did not send one).</param>
/// <param name="Name">The display name (empty when unset).</param>
/// <param name="Email">The e-mail address.</param>
public sealed record CoderNotificationUser(Guid Id, string Name, string Email);

/// <summary>A volume that crossed its disk-usage threshold.</summary>
/// <param name="Path">The volume's mount path in the workspace.</param>
/// <param name="Threshold">The threshold as coderd formats it, e.g. <c>90%</c>.</param>
public sealed record CoderOutOfDiskVolume(string Path, string Threshold);

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

/// <summary>Volumes of a workspace crossed their disk-usage thresholds.</summary>
public sealed class WorkspaceOutOfDiskNotification : CoderNotification, ICoderNotificationTemplate<WorkspaceOutOfDiskNotification>
{
    private WorkspaceOutOfDiskNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.WorkspaceOutOfDisk;

    /// <summary>The workspace's name (label <c>workspace</c>).</summary>
    public string? WorkspaceName => Label("workspace");

    /// <summary>The volumes (data <c>volumes</c>; empty when coderd sent none).</summary>
    public IReadOnlyList<CoderOutOfDiskVolume> Volumes
    {
        get
        {
            if (!Message.Payload.Data.TryGetValue("volumes", out var volumes) || volumes.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            var list = new List<CoderOutOfDiskVolume>();
            foreach (var volume in volumes.EnumerateArray())
            {
                if (volume.ValueKind == JsonValueKind.Object)
                {
                    list.Add(new CoderOutOfDiskVolume(Text(volume, "path"), Text(volume, "threshold")));
                }
            }

            return list;
        }
    }

    /// <summary>When coderd detected it (data <c>timestamp</c>), or null.</summary>
    public DateTimeOffset? DetectedAt => DataTime("timestamp");

    /// <inheritdoc />
    public static WorkspaceOutOfDiskNotification FromMessage(CoderWebhookMessage message) => new(message);
}

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

/// <summary>An account was created (sent to user administrators).</summary>
public sealed class UserAccountCreatedNotification : CoderNotification, ICoderNotificationTemplate<UserAccountCreatedNotification>
{
    private UserAccountCreatedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.UserAccountCreated;

    /// <summary>The new account's username (label <c>created_account_name</c>).</summary>
    public string? AccountUsername => Label("created_account_name");

    /// <summary>The new account's display name (label <c>created_account_user_name</c>).</summary>
    public string? AccountName => Label("created_account_user_name");

    /// <summary>Who created it (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <summary><c>user</c> or <c>service</c> (label <c>account_type</c>).</summary>
    public string? AccountType => Label("account_type");

    /// <summary>The account (data <c>user</c>), or null.</summary>
    public CoderNotificationUser? Account => DataUser();

    /// <inheritdoc />
    public static UserAccountCreatedNotification FromMessage(CoderWebhookMessage message) => new(message);
}

/// <summary>An account was suspended (sent to user administrators).</summary>
public sealed class UserAccountSuspendedNotification : CoderNotification, ICoderNotificationTemplate<UserAccountSuspendedNotification>
{
    private UserAccountSuspendedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.UserAccountSuspended;

    /// <summary>The suspended account's username (label <c>suspended_account_name</c>).</summary>
    public string? AccountUsername => Label("suspended_account_name");

    /// <summary>The suspended account's display name (label <c>suspended_account_user_name</c>).</summary>
    public string? AccountName => Label("suspended_account_user_name");

    /// <summary>Who suspended it (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <summary><c>user</c> or <c>service</c> (label <c>account_type</c>).</summary>
    public string? AccountType => Label("account_type");

    /// <summary>The account (data <c>user</c>), or null.</summary>
    public CoderNotificationUser? Account => DataUser();

    /// <inheritdoc />
    public static UserAccountSuspendedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
