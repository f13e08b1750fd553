using System.Text.Json.Nodes;

namespace CoderSdk.Testing;

/// <summary>
/// A notification for <see cref="FakeNotifications.DeliverWebhookAsync"/> to post as coderd's webhook delivery method
/// does. Labels and data are the template's parameters; the recipient is the seeded administrator unless set.
/// </summary>
public sealed class FakeNotification
{
    /// <summary>The message id (<c>msg_id</c> and the <c>X-Message-Id</c> header); deliver the same object twice for a redelivery.</summary>
    public Guid MessageId { get; init; } = Guid.NewGuid();

    /// <summary>The notification template id, e.g. coderd's <c>f517da0b-cdc9-410f-ab89-a86107c420ed</c> (Workspace Deleted).</summary>
    public required Guid TemplateId { get; init; }

    /// <summary>The template's display name (<c>notification_name</c>).</summary>
    public required string NotificationName { get; init; }

    /// <summary>The recipient; the seeded administrator when null.</summary>
    public FakeUser? Recipient { get; init; }

    /// <summary>The template's string parameters (<c>labels</c>).</summary>
    public Dictionary<string, string> Labels { get; init; } = [];

    /// <summary>The template's structured parameters (<c>data</c>); sent as JSON null when null, as coderd does for none.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>The links (<c>actions</c>), as label and URL.</summary>
    public List<KeyValuePair<string, string>> Actions { get; init; } = [];

    /// <summary>The related entity ids (<c>targets</c>); sent as JSON null when empty, as coderd does for none.</summary>
    public List<Guid> Targets { get; init; } = [];

    /// <summary>The title as Markdown; the plain title is the same text.</summary>
    public string Title { get; init; } = string.Empty;

    /// <summary>The body as Markdown; the plain body is the same text.</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>The envelope's <c>_version</c>; coderd sends <c>1.1</c>.</summary>
    public string Version { get; init; } = "1.1";

    /// <summary>The payload's <c>_version</c>; coderd sends <c>1.2</c>.</summary>
    public string PayloadVersion { get; init; } = "1.2";

    /// <summary>A Workspace Deleted notification with coderd's labels <c>name</c>, <c>reason</c> and <c>initiator</c>.</summary>
    /// <param name="workspaceName">The workspace's name.</param>
    /// <param name="reason">The reason, e.g. <c>initiated by user</c>.</param>
    /// <param name="initiator">Who deleted it.</param>
    /// <returns>The notification.</returns>
    public static FakeNotification WorkspaceDeleted(string workspaceName, string reason = "initiated by user", string initiator = "admin") => new()
    {
        TemplateId = new Guid("f517da0b-cdc9-410f-ab89-a86107c420ed"),
        NotificationName = "Workspace Deleted",
        Labels = { ["name"] = workspaceName, ["reason"] = reason, ["initiator"] = initiator },
        Title = $"Workspace \"{workspaceName}\" deleted",
        Body = $"Your workspace **{workspaceName}** was deleted.",
    };

    /// <summary>The JSON body coderd posts for this notification.</summary>
    /// <param name="recipient">The recipient when <see cref="Recipient"/> is null.</param>
    /// <returns>The body.</returns>
    internal JsonObject ToWebhookBody(FakeUser recipient)
    {
        var user = Recipient ?? recipient;
        var labels = new JsonObject();
        foreach (var (key, value) in Labels)
        {
            labels[key] = value;
        }

        var actions = new JsonArray();
        foreach (var (label, url) in Actions)
        {
            actions.Add((JsonNode)new JsonObject { ["label"] = label, ["url"] = url });
        }

        JsonArray? targets = null;
        if (Targets.Count > 0)
        {
            targets = [];
            foreach (var target in Targets)
            {
                targets.Add((JsonNode)target.ToString());
            }
        }

        return new JsonObject
        {
            ["_version"] = Version,
            ["msg_id"] = MessageId.ToString(),
            ["payload"] = new JsonObject
            {
                ["_version"] = PayloadVersion,
                ["notification_name"] = NotificationName,
                ["notification_template_id"] = TemplateId.ToString(),
                ["user_id"] = user.Id.ToString(),
                ["user_email"] = user.Email,
                ["user_name"] = user.Name,
                ["user_username"] = user.Username,
                ["actions"] = actions,
                ["labels"] = labels,
                ["data"] = Data?.DeepClone(),
                ["targets"] = targets,
            },
            ["title"] = Title,
            ["title_markdown"] = Title,
            ["body"] = Body,
            ["body_markdown"] = Body,
        };
    }
}
