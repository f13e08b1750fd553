using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
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

/// <summary>One webhook delivery the fake made, and what the receiver answered.</summary>
/// <param name="MessageId">The message id sent.</param>
/// <param name="Endpoint">Where it was posted.</param>
/// <param name="StatusCode">The receiver's status.</param>
/// <param name="ResponseBody">The start of the receiver's answer (at most 512 bytes, as coderd logs it).</param>
public sealed record FakeWebhookDelivery(Guid MessageId, Uri Endpoint, HttpStatusCode StatusCode, string ResponseBody)
{
    /// <summary>Whether coderd would count the delivery as sent (a 2xx answer); otherwise it retries.</summary>
    public bool Succeeded => (int)StatusCode is >= 200 and < 300;
}

/// <summary>
/// The fake's notification deliveries: posts notifications to a webhook receiver exactly as coderd's webhook method
/// does (<c>POST</c>, <c>Content-Type: application/json</c>, the <c>X-Message-Id</c> header, the same JSON body).
/// </summary>
public sealed class FakeNotifications
{
    private readonly FakeCoderState _state;
    private readonly ConcurrentQueue<FakeWebhookDelivery> _deliveries = new();

    internal FakeNotifications(FakeCoderState state) => _state = state;

    /// <summary>Every delivery made so far, in order.</summary>
    public IReadOnlyList<FakeWebhookDelivery> Deliveries => [.. _deliveries];

    /// <summary>Posts <paramref name="notification"/> to <paramref name="endpoint"/> once (no retries: deliver it again to act as coderd's retry).</summary>
    /// <param name="endpoint">The receiver's URL.</param>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the receiver answered.</returns>
    /// <exception cref="HttpRequestException">The receiver could not be reached.</exception>
    public Task<FakeWebhookDelivery> DeliverWebhookAsync(Uri endpoint, FakeNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return DeliverRawAsync(endpoint, notification.ToWebhookBody(_state.Admin).ToJsonString(), notification.MessageId, cancellationToken);
    }

    /// <summary>Posts a body of the caller's own with coderd's headers, e.g. to test how a receiver refuses a malformed one.</summary>
    /// <param name="endpoint">The receiver's URL.</param>
    /// <param name="body">The body, sent as is.</param>
    /// <param name="messageId">The <c>X-Message-Id</c> header's value.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the receiver answered.</returns>
    /// <exception cref="HttpRequestException">The receiver could not be reached.</exception>
    public async Task<FakeWebhookDelivery> DeliverRawAsync(Uri endpoint, string body, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(body);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Message-Id", messageId.ToString());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var delivery = new FakeWebhookDelivery(messageId, endpoint, response.StatusCode, Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 512)));
        _deliveries.Enqueue(delivery);
        return delivery;
    }
}
