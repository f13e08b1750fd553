using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace CoderSdk.Testing;

/// <summary>
/// The sources behind the fake server's newer JSON streams: inbox notifications, agent containers, chats and their
/// streams, git reports and agent reinitialization. A test publishes here and every open stream of that kind sends it,
/// with coderd's frame shapes (see <see cref="FakeCoderServer"/>).
/// </summary>
public sealed class FakeLiveFeeds
{
    private readonly ConcurrentDictionary<Guid, JsonArray> _containers = new();
    private readonly ConcurrentDictionary<Guid, List<JsonObject>> _chatEvents = new();
    private readonly object _sync = new();
    private long _unread;

    internal FakeLiveFeeds(FakeCoderState state) => State = state;

    internal FakeCoderState State { get; }

    internal event Action<JsonObject>? InboxPublished;

    internal event Action<Guid>? ContainersChanged;

    internal event Action<JsonObject>? ChatEventPublished;

    internal event Action<Guid, JsonObject>? ChatStreamEventPublished;

    internal event Action<Guid, JsonObject>? GitPublished;

    internal event Action<JsonObject>? ReinitPublished;

    internal event Action<Guid, JsonObject>? AgentConnectionErrorRaised;

    /// <summary>Delivers an inbox notification to the admin's open inbox watches.</summary>
    /// <param name="title">The notification's title.</param>
    /// <param name="content">Its text.</param>
    /// <param name="targets">What it is about (watches filtered by <c>targets</c> see it only when one matches).</param>
    /// <param name="templateId">The notification template it was made from.</param>
    /// <returns>The notification's id.</returns>
    public Guid NotifyInbox(string title, string content = "", IReadOnlyList<Guid>? targets = null, Guid? templateId = null)
    {
        var id = Guid.NewGuid();
        var unread = Interlocked.Increment(ref _unread);
        InboxPublished?.Invoke(new JsonObject
        {
            ["notification"] = new JsonObject
            {
                ["id"] = id.ToString("D"),
                ["user_id"] = State.Admin.Id.ToString("D"),
                ["template_id"] = (templateId ?? Guid.Empty).ToString("D"),
                ["targets"] = new JsonArray([.. (targets ?? []).Select(t => (JsonNode)t.ToString("D"))]),
                ["title"] = title,
                ["content"] = content,
                ["icon"] = "DEFAULT_ICON_OTHER",
                ["actions"] = new JsonArray(),
                ["read_at"] = null,
                ["created_at"] = FakeCoderJson.Time(State.Now),
            },
            ["unread_count"] = unread,
        });
        return id;
    }

    /// <summary>Sets the containers an agent reports (running, by name); open container watches get the new list.</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="names">Container names; each becomes a running container with a made-up id.</param>
    public void SetContainers(Guid agentId, params IEnumerable<string> names)
    {
        _containers[agentId] = new JsonArray([.. names.Select(name => (JsonNode)new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString("N"),
            ["name"] = name,
            ["image"] = "ubuntu:24.04",
            ["running"] = true,
            ["status"] = "running",
            ["created_at"] = FakeCoderJson.Time(State.Now),
            ["labels"] = new JsonObject(),
            ["ports"] = new JsonArray(),
            ["volumes"] = new JsonObject(),
        })]);
        ContainersChanged?.Invoke(agentId);
    }

    /// <summary>Starts a chat the chat streams can follow.</summary>
    /// <param name="title">The chat's title.</param>
    /// <returns>The chat's id.</returns>
    public Guid AddChat(string title = "fake chat")
    {
        var id = Guid.NewGuid();
        _chatEvents[id] = [];
        ChatEventPublished?.Invoke(ChatWatchEvent(id, title, "created"));
        return id;
    }

    /// <summary>Reports a change of a chat to open chat watches (kind: <c>status_change</c>, <c>title_change</c>, ...).</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="kind">coderd's event kind.</param>
    /// <param name="title">The chat's title after the change.</param>
    public void PublishChatChange(Guid chatId, string kind, string title = "fake chat") =>
        ChatEventPublished?.Invoke(ChatWatchEvent(chatId, title, kind));

    /// <summary>Appends an event to a chat's stream: kept for the snapshot of later connections and sent to open streams.</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="type">The event type (<c>message_part</c>, <c>status</c>, ...).</param>
    /// <param name="status">For a <c>status</c> event, the chat status it reports.</param>
    public void PublishChatStreamEvent(Guid chatId, string type, string? status = null)
    {
        var item = new JsonObject { ["type"] = type, ["chat_id"] = chatId.ToString("D") };
        if (status is not null)
        {
            item["status"] = new JsonObject { ["status"] = status };
        }

        lock (_sync)
        {
            var events = _chatEvents.GetOrAdd(chatId, _ => []);
            if (type == "message")
            {
                // A message event carries the message, numbered per chat as coderd numbers them (1, 2, ...).
                item["message"] = new JsonObject
                {
                    ["id"] = (long)events.Count(e => e["type"]?.GetValue<string>() == "message") + 1,
                    ["chat_id"] = chatId.ToString("D"),
                    ["role"] = "assistant",
                    ["created_at"] = FakeCoderJson.Time(State.Now),
                };
            }

            events.Add(item);
        }

        ChatStreamEventPublished?.Invoke(chatId, item);
    }

    /// <summary>Sends a git report of a chat's workspace to open git watches.</summary>
    /// <param name="chatId">The chat.</param>
    /// <param name="repositoryRoots">The repositories the report lists.</param>
    public void PublishGit(Guid chatId, params IEnumerable<string> repositoryRoots) =>
        GitPublished?.Invoke(chatId, new JsonObject
        {
            ["type"] = "changes",
            ["scanned_at"] = FakeCoderJson.Time(State.Now),
            ["repositories"] = new JsonArray([.. repositoryRoots.Select(root => (JsonNode)new JsonObject { ["repo_root"] = root, ["branch"] = "main" })]),
        });

    /// <summary>Signals open reinit streams that the agent of <paramref name="workspaceId"/> must reinitialize.</summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="reason">coderd's reason (<c>prebuild_claimed</c>).</param>
    public void Reinitialize(Guid workspaceId, string reason = "prebuild_claimed") =>
        ReinitPublished?.Invoke(new JsonObject
        {
            ["workspace_id"] = workspaceId.ToString("D"),
            ["owner_id"] = State.Admin.Id.ToString("D"),
            ["reason"] = reason,
        });

    /// <summary>Makes open agent-connection watches of a workspace send coderd's watch error and close, as coderd does.</summary>
    /// <param name="workspaceId">The workspace.</param>
    /// <param name="code">coderd's error code (4: server shutting down, 5: database).</param>
    /// <param name="retryable">Whether a client should reconnect.</param>
    public void FailAgentConnectionWatches(Guid workspaceId, int code = 4, bool retryable = true) =>
        AgentConnectionErrorRaised?.Invoke(workspaceId, WatchError(code, retryable, retryable ? "server is shutting down" : "failed to fetch latest workspace build"));

    internal static JsonObject WatchError(int code, bool retryable, string message) => new()
    {
        ["error"] = new JsonObject { ["code"] = code, ["retryable"] = retryable, ["message"] = message },
    };

    internal JsonArray Containers(Guid agentId) => _containers.TryGetValue(agentId, out var list) ? (JsonArray)list.DeepClone() : [];

    internal bool HasChat(Guid chatId) => _chatEvents.ContainsKey(chatId);

    internal JsonObject[] ChatSnapshot(Guid chatId, long afterMessageId = 0)
    {
        lock (_sync)
        {
            // Like coderd's after_id: the snapshot leaves out messages up to that id; other events stay.
            return _chatEvents.TryGetValue(chatId, out var events)
                ? [.. events.Where(e => (e["message"]?["id"]?.GetValue<long>() ?? long.MaxValue) > afterMessageId).Select(e => (JsonObject)e.DeepClone())]
                : [];
        }
    }

    private JsonObject ChatWatchEvent(Guid chatId, string title, string kind) => new()
    {
        ["kind"] = kind,
        ["chat"] = new JsonObject
        {
            ["id"] = chatId.ToString("D"),
            ["owner_id"] = State.Admin.Id.ToString("D"),
            ["title"] = title,
            ["status"] = "waiting",
            ["created_at"] = FakeCoderJson.Time(State.Now),
            ["updated_at"] = FakeCoderJson.Time(State.Now),
        },
    };
}
