using System.Net;
using CoderSdk.Errors;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Pipeline;

namespace CoderSdk.Streaming;

/// <summary>
/// The JSON streams of coderd, each declared by its route, frame format, direction and resume rule (see
/// <see cref="StreamDeclaration{T}"/>). Adding a stream is a declaration here, its frame type, and a method on its area.
/// Binary protocols are not JSON streams and are not here: the reconnecting PTY has its own session
/// (<see cref="CoderTerminal"/>); tailnet, DERP, provisioner daemons, agent RPC and desktop are not covered.
/// </summary>
internal static class CoderStreams
{
    /// <summary>New inbox notifications, one <see cref="GetInboxNotificationResponse"/> per message; only new ones, so a gap is not replayed.</summary>
    public static StreamDeclaration<GetInboxNotificationResponse> Inbox(IEnumerable<Guid>? targets, IEnumerable<Guid>? templates, string? readStatus, string? format)
    {
        Guid[]? targetList = targets?.ToArray(), templateList = templates?.ToArray();
        return new()
        {
            Format = StreamFrameFormat.Object,
            Resume = StreamResume.LiveOnly,
            Item = CoderJsonContext.Default.GetInboxNotificationResponse,
            ServerReads = true,
            WebSocket = _ => CoderStreamHandshakes.StreamWatchInbox()
                .Query("targets", targetList, repeatKey: false)
                .Query("templates", templateList, repeatKey: false)
                .Query("read_status", readStatus)
                .Query("format", format),
            ClosedMessage = "coderd closed the inbox watch",
        };
    }

    /// <summary>An agent's containers and dev containers: the agent sends its whole state first and again on each change.</summary>
    public static StreamDeclaration<WorkspaceAgentListContainersResponse> Containers(Guid agent) => new()
    {
        Format = StreamFrameFormat.Object,
        Resume = StreamResume.Snapshot,
        Item = CoderJsonContext.Default.WorkspaceAgentListContainersResponse,
        ServerReads = true,
        WebSocket = _ => CoderStreamHandshakes.StreamWatchAgentContainers(agent),
        ClosedMessage = "coderd closed the container watch",
    };

    /// <summary>Every workspace build's state changes, deployment-wide (experimental); only new ones.</summary>
    public static StreamDeclaration<WorkspaceBuildUpdate> AllBuilds() => new()
    {
        Format = StreamFrameFormat.Object,
        Resume = StreamResume.LiveOnly,
        Item = CoderStreamingJsonContext.Default.WorkspaceBuildUpdate,
        ServerReads = true,
        WebSocket = _ => CoderStreamHandshakes.StreamWatchAllBuilds(),
        ClosedMessage = "coderd closed the build watch",
    };

    /// <summary>
    /// A workspace's latest build and its agent's lifecycle: every connection starts with the current build (and the
    /// agent, once started). coderd reports problems as an event with <c>error</c> and then closes: a retryable one
    /// reconnects, any other ends the stream.
    /// </summary>
    public static StreamDeclaration<ConnectionWatchEvent> AgentConnections(Guid workspace, string? agentName) => new()
    {
        Format = StreamFrameFormat.Object,
        Resume = StreamResume.Snapshot,
        Item = CoderJsonContext.Default.ConnectionWatchEvent,
        ServerReads = true,
        WebSocket = _ => CoderStreamHandshakes.StreamWatchAgentConnections(workspace).Query("agent_name", agentName),
        Inspect = static (item, frame) =>
        {
            if (item.Error is not { } error)
            {
                return;
            }

            var text = $"coderd reported watch error {error.Code}: {error.Message}";
            if (error.Retryable == true)
            {
                throw new CoderStreamInterruptedException(frame.Secrets.Scrub(text) ?? text);
            }

            throw new CoderStreamException(
                frame.Request.Describe(HttpStatusCode.SwitchingProtocols, frame.Secrets, text, error.Details),
                CoderStreamFailure.ErrorEvent, frame.Number);
        },
        ClosedMessage = "coderd closed the agent connection watch",
    };

    /// <summary>The two-way dynamic-parameters session of a template version: the client sends values, coderd answers each with a preview.</summary>
    public static StreamDeclaration<DynamicParametersResponse> DynamicParameters(Guid templateVersion, Guid? ownerId) => new()
    {
        Format = StreamFrameFormat.Object,
        Resume = StreamResume.None,
        Direction = StreamDirection.TwoWay,
        Item = CoderJsonContext.Default.DynamicParametersResponse,
        WebSocket = _ => CoderStreamHandshakes.StreamOpenDynamicParameters(templateVersion)
            .Query("user_id", ownerId),
    };

    /// <summary>A workspace agent's reinitialization signals (SSE only, read with the agent's token); only new ones.</summary>
    public static StreamDeclaration<ReinitializationEvent> Reinitialization(bool wait) => new()
    {
        Format = StreamFrameFormat.Envelope,
        Resume = StreamResume.LiveOnly,
        Item = CoderJsonContext.Default.ReinitializationEvent,
        ServerSentEvents = _ => CoderStreamHandshakes.StreamWatchReinitialization().QueryFlag("wait", wait ? true : null),
    };

    /// <summary>Chat events of the user's chats (experimental): envelopes with one event each; only new ones.</summary>
    public static StreamDeclaration<ChatWatchEvent> ChatEvents() => new()
    {
        Format = StreamFrameFormat.Envelope,
        Resume = StreamResume.LiveOnly,
        Item = CoderJsonContext.Default.ChatWatchEvent,
        ServerReads = true,
        WebSocket = _ => CoderStreamHandshakes.StreamWatchChats(),
        ClosedMessage = "coderd closed the chat watch",
    };

    /// <summary>
    /// One chat's stream (experimental), <c>.../stream</c> or <c>.../stream/parts</c>: envelopes whose data is a batch of
    /// events; every connection starts with the chat's current state, so a reconnect repeats it.
    /// </summary>
    public static StreamDeclaration<ChatStreamEvent> ChatStream(Guid chat, bool partsOnly) => new()
    {
        Format = StreamFrameFormat.EnvelopeOfArray,
        // coderd (v2.36.0 on) limits a connection's snapshot to messages after after_id; older servers ignore it and
        // send the whole history, whose messages the stream then skips by id.
        Resume = StreamResume.SnapshotAfterId,
        Item = CoderJsonContext.Default.ChatStreamEvent,
        Items = CoderStreamingJsonContext.Default.IReadOnlyListChatStreamEvent,
        ServerReads = true,
        Id = static e => e.Message?.Id ?? 0,
        WebSocket = after => (partsOnly ? CoderStreamHandshakes.StreamChatParts(chat) : CoderStreamHandshakes.StreamChat(chat))
           .Query("after_id", after > 0 && !partsOnly ? after.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
        ClosedMessage = "coderd closed the chat stream",
    };

    /// <summary>The git state of a chat's workspace (experimental): one message per report; what a reconnect re-sends is up to the agent.</summary>
    public static StreamDeclaration<WorkspaceAgentGitServerMessage> ChatGit(Guid chat) => new()
    {
        Format = StreamFrameFormat.Object,
        Resume = StreamResume.LiveOnly,
        Item = CoderJsonContext.Default.WorkspaceAgentGitServerMessage,
        ServerReads = true,
        WebSocket = _ => CoderStreamHandshakes.StreamWatchChatGit(chat),
        ClosedMessage = "coderd closed the git watch",
    };
}
