using System.Text.Json;

namespace CoderSdk.AspNetCore.Webhooks;

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
