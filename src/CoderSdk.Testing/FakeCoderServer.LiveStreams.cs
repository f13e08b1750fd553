using System.Net.WebSockets;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Testing;

/// <summary>
/// coderd's newer JSON streams, over real WebSockets (and SSE) like the older ones: the inbox watch, agent container
/// watches, the all-builds watch, the agent-connection watch (with coderd's watch errors), the two-way dynamic-parameters
/// session, the agent reinit SSE, and the chat watch, stream, parts and git streams. Their data comes from
/// <see cref="Live"/>; faults, pings and history work as for every stream (<see cref="Streams"/>).
/// </summary>
public sealed partial class FakeCoderServer
{
    private FakeLiveFeeds? _live;

    /// <summary>Publishes what the newer streams carry: inbox notifications, containers, chat events, git reports, reinit signals.</summary>
    public FakeLiveFeeds Live => LazyInitializer.EnsureInitialized(ref _live, () => new FakeLiveFeeds(State));

    private void MapLiveStreamEndpoints(WebApplication app)
    {
        app.MapGet("/api/v2/notifications/inbox/watch", (HttpContext c, CancellationToken aborted) =>
        {
            var targets = c.Request.Query["targets"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
            return WebSocketOnlyAsync(c, stream => FeedAsync(stream, envelope: false, [], push =>
            {
                void OnInbox(JsonObject item)
                {
                    var about = item["notification"]!["targets"]!.AsArray().Select(t => t!.GetValue<string>());
                    if (targets.Length == 0 || about.Intersect(targets, StringComparer.OrdinalIgnoreCase).Any())
                    {
                        push(item);
                    }
                }

                Live.InboxPublished += OnInbox;
                return () => Live.InboxPublished -= OnInbox;
            }));
        });

        app.MapGet("/api/v2/workspaceagents/{workspaceagent}/containers/watch", (HttpContext c, string workspaceagent) =>
            ParseUuid(c, workspaceagent, out var id) is { } bad ? Task.FromResult(bad)
            : State.Agent(id) is null ? Task.FromResult(NotFound(c))
            : WebSocketOnlyAsync(c, stream => FeedAsync(stream, envelope: false, [Containers(id)], push =>
            {
                void OnChange(Guid agent)
                {
                    if (agent == id)
                    {
                        push(Containers(id));
                    }
                }

                Live.ContainersChanged += OnChange;
                return () => Live.ContainersChanged -= OnChange;
            })));

        app.MapGet("/api/experimental/watch-all-workspacebuilds", (HttpContext c, CancellationToken aborted) =>
            WebSocketOnlyAsync(c, stream => FeedAsync(stream, envelope: false, [], push =>
            {
                void OnJob(FakeJob job)
                {
                    if (State.BuildOfJob(job.Id) is { } build && State.Workspace(build.WorkspaceId) is { } workspace)
                    {
                        push(new JsonObject
                        {
                            ["workspace_id"] = workspace.Id.ToString("D"),
                            ["workspace_name"] = workspace.Name,
                            ["build_id"] = build.Id.ToString("D"),
                            ["build_number"] = build.BuildNumber,
                            ["transition"] = build.Transition,
                            ["job_status"] = job.Status,
                        });
                    }
                }

                State.JobChanged += OnJob;
                return () => State.JobChanged -= OnJob;
            })));

        app.MapGet("/api/v2/workspaces/{workspace}/agent-connection-watch", (HttpContext c, string workspace) =>
            ParseUuid(c, workspace, out var id) is { } bad ? Task.FromResult(bad)
            : State.Workspace(id) is null ? Task.FromResult(NotFound(c))
            : WebSocketOnlyAsync(c, stream => AgentConnectionWatchAsync(stream, id, c.Request.Query["agent_name"].ToString() is { Length: > 0 } name ? name : null)));

        app.MapGet("/api/v2/templateversions/{templateversion}/dynamic-parameters", (HttpContext c, string templateversion) =>
            ParseUuid(c, templateversion, out var id) is { } bad ? Task.FromResult(bad)
            : State.TemplateVersion(id) is null ? Task.FromResult(NotFound(c))
            : WebSocketOnlyAsync(c, DynamicParametersAsync));

        app.MapGet("/api/v2/workspaceagents/me/reinit", async (HttpContext c) =>
        {
            await RunServerSentEventsAsync(c, stream => FeedAsync(stream, envelope: true, [], push =>
            {
                Live.ReinitPublished += push;
                return () => Live.ReinitPublished -= push;
            })).ConfigureAwait(false);
            return Results.Empty;
        });

        app.MapGet("/api/experimental/chats/watch", (HttpContext c, CancellationToken aborted) =>
            WebSocketOnlyAsync(c, stream => FeedAsync(stream, envelope: true, [], push =>
            {
                Live.ChatEventPublished += push;
                return () => Live.ChatEventPublished -= push;
            })));

        app.MapGet("/api/experimental/chats/{chat}/stream", (HttpContext c, string chat) => ChatStreamAsync(c, chat, partsOnly: false));
        app.MapGet("/api/experimental/chats/{chat}/stream/parts", (HttpContext c, string chat) => ChatStreamAsync(c, chat, partsOnly: true));
        app.MapGet("/api/experimental/chats/{chat}/stream/git", (HttpContext c, string chat) =>
            ParseUuid(c, chat, out var id) is { } bad ? Task.FromResult(bad)
            : !Live.HasChat(id) ? Task.FromResult(NotFound(c))
            : WebSocketOnlyAsync(c, stream => FeedAsync(stream, envelope: false, [], push =>
            {
                void OnGit(Guid changed, JsonObject report)
                {
                    if (changed == id)
                    {
                        push(report);
                    }
                }

                Live.GitPublished += OnGit;
                return () => Live.GitPublished -= OnGit;
            })));
    }

    private JsonObject Containers(Guid agentId) => new()
    {
        ["containers"] = Live.Containers(agentId),
        ["devcontainers"] = new JsonArray(),
        ["warnings"] = new JsonArray(),
    };

    private async Task<IResult> WebSocketOnlyAsync(HttpContext c, Func<FakeStream, Task> body)
    {
        if (!c.WebSockets.IsWebSocketRequest)
        {
            return Json(c, 400, FakeCoderJson.Error("Failed to accept websocket.", "the client did not ask for a WebSocket upgrade"));
        }

        await RunWebSocketAsync(c, body).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>Sends <paramref name="first"/>, then whatever the subscription pushes, one message each (or one envelope each), until the stream ends.</summary>
    private static async Task FeedAsync(FakeStream stream, bool envelope, IEnumerable<JsonNode> first, Func<Action<JsonNode>, Action> subscribe)
    {
        var queue = Channel.CreateUnbounded<JsonNode>();
        var unsubscribe = subscribe(item => queue.Writer.TryWrite(item.DeepClone()));
        try
        {
            foreach (var item in first)
            {
                await SendAsync(item).ConfigureAwait(false);
            }

            stream.Record.MarkSubscribed();

            while (true)
            {
                await SendAsync(await queue.Reader.ReadAsync(stream.Token).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }
        finally
        {
            unsubscribe();
        }

        Task SendAsync(JsonNode item) => envelope ? stream.SendEventAsync("data", item.ToJsonString()) : stream.SendAsync(item.ToJsonString());
    }

    private Task<IResult> ChatStreamAsync(HttpContext c, string rawChat, bool partsOnly)
    {
        if (ParseUuid(c, rawChat, out var id) is { } bad)
        {
            return Task.FromResult(bad);
        }

        if (!Live.HasChat(id))
        {
            return Task.FromResult(NotFound(c));
        }

        bool Wanted(JsonNode item) => !partsOnly || item["type"]?.GetValue<string>() == "message_part";
        // Like coderd: the chat's current events first, in batches, then each new event as a batch of its own.
        long afterId = 0;
        if (!partsOnly && c.Request.Query["after_id"] is { Count: > 0 } after && !long.TryParse(after[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out afterId))
        {
            return Task.FromResult(Json(c, 400, FakeCoderJson.Error("Invalid after_id parameter.", $"'{after[0]}' is not a number")));
        }

        var snapshot = new JsonArray([.. Live.ChatSnapshot(id, afterId).Where(Wanted)]);
        return WebSocketOnlyAsync(c, stream => FeedAsync(stream, envelope: true, snapshot.Count > 0 ? [snapshot] : [], push =>
        {
            void OnEvent(Guid chat, JsonObject item)
            {
                if (chat == id && Wanted(item))
                {
                    push(new JsonArray(item.DeepClone()));
                }
            }

            Live.ChatStreamEventPublished += OnEvent;
            return () => Live.ChatStreamEventPublished -= OnEvent;
        }));
    }

    /// <summary>coderd's workspaceconnwatcher: the latest build, then the agent once a start build succeeded; watch errors, then close 1000 "error".</summary>
    private async Task AgentConnectionWatchAsync(FakeStream stream, Guid workspaceId, string? agentName)
    {
        var queue = Channel.CreateUnbounded<JsonObject?>();
        void OnWorkspace(Guid changed)
        {
            if (changed == workspaceId)
            {
                queue.Writer.TryWrite(null);
            }
        }

        void OnAgent(FakeAgent agent)
        {
            if (agent.WorkspaceId == workspaceId)
            {
                queue.Writer.TryWrite(null);
            }
        }

        void OnError(Guid changed, JsonObject error)
        {
            if (changed == workspaceId)
            {
                queue.Writer.TryWrite(error);
            }
        }

        State.WorkspaceChanged += OnWorkspace;
        State.AgentChanged += OnAgent;
        Live.AgentConnectionErrorRaised += OnError;
        try
        {
            (int Number, string Status, string Transition)? lastBuild = null;
            (Guid Id, string Lifecycle)? lastAgent = null;
            queue.Writer.TryWrite(null); // the initial sync
            stream.Record.MarkSubscribed();
            while (true)
            {
                var error = await queue.Reader.ReadAsync(stream.Token).ConfigureAwait(false);
                var build = State.LatestBuild(State.Workspace(workspaceId)!);
                var job = State.Job(build.JobId)!;
                if (error is null && (build.BuildNumber, job.Status, build.Transition) != lastBuild)
                {
                    lastBuild = (build.BuildNumber, job.Status, build.Transition);
                    lastAgent = null;
                    await stream.SendAsync(new JsonObject { ["build_update"] = new JsonObject { ["transition"] = build.Transition, ["job_status"] = job.Status } }.ToJsonString()).ConfigureAwait(false);
                }

                if (error is null && build.Transition == "start" && job.Status == "succeeded")
                {
                    var agents = State.AgentsOf(build);
                    var agent = agentName is null ? agents.FirstOrDefault() : agents.FirstOrDefault(a => a.Name == agentName);
                    error = agents.Count == 0 ? FakeLiveFeeds.WatchError(3, false, "no agents found for workspace")
                        : agents.Count > 1 && agentName is null ? FakeLiveFeeds.WatchError(1, false, "more than one agent on workspace and target not specified")
                        : agent is null ? FakeLiveFeeds.WatchError(2, false, "target agent not found by name")
                        : null;
                    if (agent is not null && error is null && (agent.Id, agent.Lifecycle) != lastAgent)
                    {
                        lastAgent = (agent.Id, agent.Lifecycle);
                        await stream.SendAsync(new JsonObject { ["agent_update"] = new JsonObject { ["id"] = agent.Id.ToString("D"), ["lifecycle"] = agent.Lifecycle } }.ToJsonString()).ConfigureAwait(false);
                    }
                }

                if (error is not null)
                {
                    await stream.SendAsync(error.ToJsonString()).ConfigureAwait(false);
                    await stream.CloseAsync(WebSocketCloseStatus.NormalClosure, "error").ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            State.WorkspaceChanged -= OnWorkspace;
            State.AgentChanged -= OnAgent;
            Live.AgentConnectionErrorRaised -= OnError;
        }
    }

    /// <summary>
    /// coderd's dynamic-parameters session, with a one-parameter template (<c>region</c>: <c>eu</c> or <c>us</c>): the
    /// form without input first (id -1), then a preview per request with the request's id; an unknown region is a
    /// diagnostic on the parameter.
    /// </summary>
    private static async Task DynamicParametersAsync(FakeStream stream)
    {
        await stream.SendAsync(Preview(-1, null).ToJsonString()).ConfigureAwait(false);
        stream.Record.MarkSubscribed();
        await foreach (var text in stream.Inbound!.ReadAllAsync(stream.Token).ConfigureAwait(false))
        {
            var request = JsonNode.Parse(text)!.AsObject();
            await stream.SendAsync(Preview(request["id"]!.GetValue<long>(), request["inputs"] as JsonObject).ToJsonString()).ConfigureAwait(false);
        }
    }

    private static JsonObject Preview(long id, JsonObject? inputs)
    {
        static JsonObject Value(string value) => new() { ["value"] = value, ["valid"] = true };
        var region = inputs?["region"]?.GetValue<string>() ?? "eu";
        var diagnostics = new JsonArray();
        if (region is not ("eu" or "us"))
        {
            diagnostics.Add((JsonNode)new JsonObject { ["severity"] = "error", ["summary"] = "Invalid region", ["detail"] = $"\"{region}\" is not one of the options" });
        }

        return new JsonObject
        {
            ["id"] = id,
            ["diagnostics"] = new JsonArray(),
            ["parameters"] = new JsonArray(new JsonObject
            {
                ["name"] = "region",
                ["display_name"] = "Region",
                ["description"] = "Where the workspace runs",
                ["type"] = "string",
                ["form_type"] = "dropdown",
                ["mutable"] = true,
                ["required"] = false,
                ["ephemeral"] = false,
                ["order"] = 0,
                ["icon"] = string.Empty,
                ["value"] = Value(region),
                ["default_value"] = Value("eu"),
                ["options"] = new JsonArray(
                    new JsonObject { ["name"] = "EU", ["description"] = string.Empty, ["icon"] = string.Empty, ["value"] = Value("eu") },
                    new JsonObject { ["name"] = "US", ["description"] = string.Empty, ["icon"] = string.Empty, ["value"] = Value("us") }),
                ["validations"] = new JsonArray(),
                ["diagnostics"] = diagnostics,
                ["styling"] = new JsonObject(),
            }),
        };
    }
}
