// Hand-written typed methods for coderd's JSON streams that have no operation of their own in the spec's areas: each is
// one declaration in Streaming/CoderStreams.cs run by DeclaredStream (one-way) or DeclaredSession (two-way). They are
// extension methods, so a test double of an area interface implements only coderd's operations.
using CoderSdk.Http;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

/// <summary>Live streams built on <see cref="INotificationsApi"/>.</summary>
public static partial class NotificationsApiExtensions
{
    /// <summary>
    /// Watches the user's inbox live: one item per notification that arrives from now on, with the unread count after
    /// it. Reconnects on a drop; notifications that arrive while disconnected are not replayed (list them with
    /// <see cref="INotificationsApi.ListInboxAsync"/>).
    /// </summary>
    /// <param name="api">The notifications area of a <see cref="CoderClient"/>.</param>
    /// <param name="targets">Only notifications about these targets (a workspace, a template, ...); all when null.</param>
    /// <param name="templates">Only notifications made from these notification templates; all when null.</param>
    /// <param name="readStatus"><c>read</c>, <c>unread</c> or <c>all</c> (coderd's default).</param>
    /// <param name="format"><c>markdown</c> (coderd's default) or <c>plaintext</c> for the title and content.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>New notifications as they arrive.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (a malformed frame, or reconnects used up).</exception>
    public static IAsyncEnumerable<GetInboxNotificationResponse> WatchInboxAsync(this INotificationsApi api, IEnumerable<Guid>? targets = null, IEnumerable<Guid>? templates = null, string? readStatus = null, string? format = null, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchInboxAsync)), CoderStreams.Inbox(targets, templates, readStatus, format), cancellationToken);
}

/// <summary>Live streams built on <see cref="IChatsApi"/> (coderd's experimental chats).</summary>
public static partial class ChatsApiExtensions
{
    /// <summary>
    /// Watches the user's chats live (experimental): one event per change (created, status, title, summary, diff,
    /// deleted, ...). Reconnects on a drop; changes while disconnected are not replayed.
    /// </summary>
    /// <param name="api">The chats area of a <see cref="CoderClient"/>.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Chat events as they happen.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (an <c>error</c> event, a malformed frame, or reconnects used up).</exception>
    public static IAsyncEnumerable<ChatWatchEvent> WatchAsync(this IChatsApi api, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchAsync)), CoderStreams.ChatEvents(), cancellationToken);

    /// <summary>
    /// Streams one chat live (experimental): its current state first (messages, status, queue), then every event
    /// (message parts, messages, status, errors, retries, ...). coderd sends events in batches; they arrive here one by
    /// one. A reconnect starts again with the current state, so events may repeat.
    /// </summary>
    /// <param name="api">The chats area of a <see cref="CoderClient"/>.</param>
    /// <param name="chat">The chat id.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The chat's events.</returns>
    /// <exception cref="CoderStreamException">The stream could not continue.</exception>
    public static IAsyncEnumerable<ChatStreamEvent> StreamAsync(this IChatsApi api, Guid chat, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(StreamAsync)), CoderStreams.ChatStream(chat, partsOnly: false), cancellationToken);

    /// <summary>
    /// Streams the message parts of one chat live (experimental, <c>.../stream/parts</c>), with the same batches and
    /// reconnect rule as <see cref="StreamAsync"/>.
    /// </summary>
    /// <param name="api">The chats area of a <see cref="CoderClient"/>.</param>
    /// <param name="chat">The chat id.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The chat's part events.</returns>
    /// <exception cref="CoderStreamException">The stream could not continue.</exception>
    public static IAsyncEnumerable<ChatStreamEvent> StreamPartsAsync(this IChatsApi api, Guid chat, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(StreamPartsAsync)), CoderStreams.ChatStream(chat, partsOnly: true), cancellationToken);

    /// <summary>
    /// Watches the git state of a chat's workspace live (experimental): the repositories and their changes as the
    /// workspace agent reports them. Reconnects on a drop; the SDK sends nothing.
    /// </summary>
    /// <param name="api">The chats area of a <see cref="CoderClient"/>.</param>
    /// <param name="chat">The chat id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The agent's git reports.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    public static IAsyncEnumerable<WorkspaceAgentGitServerMessage> WatchGitAsync(this IChatsApi api, Guid chat, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchGitAsync)), CoderStreams.ChatGit(chat), cancellationToken);
}

/// <summary>Live streams built on <see cref="IAgentsApi"/>.</summary>
public static partial class AgentsApiExtensions
{
    /// <summary>
    /// Watches an agent's containers live: the whole list (containers, dev containers, warnings) first, then again on
    /// every change. A reconnect starts with the current list.
    /// </summary>
    /// <param name="api">The agents area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Snapshots of the agent's containers.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    public static IAsyncEnumerable<WorkspaceAgentListContainersResponse> WatchContainersAsync(this IAgentsApi api, Guid workspaceAgent, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchContainersAsync)), CoderStreams.Containers(workspaceAgent), cancellationToken);

    /// <summary>
    /// Waits for reinitialization signals of the calling agent's workspace (server-sent events), as a workspace agent
    /// does: for example when a prebuilt workspace is claimed. The client must authenticate with the agent's token.
    /// Reconnects on a drop; a signal sent while disconnected is not replayed unless <paramref name="wait"/> asks coderd
    /// to check for one that is due.
    /// </summary>
    /// <param name="api">The agents area of a <see cref="CoderClient"/> made with the agent's token.</param>
    /// <param name="wait">Opt in to coderd's durable reinit check (query <c>wait</c>).</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Reinitialization signals as they arrive.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (an <c>error</c> event, a malformed event, or reconnects used up).</exception>
    public static IAsyncEnumerable<ReinitializationEvent> WatchReinitializationAsync(this IAgentsApi api, bool wait = false, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchReinitializationAsync)), CoderStreams.Reinitialization(wait), cancellationToken);
}

/// <summary>Live streams built on <see cref="IWorkspacesApi"/>.</summary>
public static partial class WorkspacesApiExtensions
{
    /// <summary>
    /// Watches the state changes of every workspace build the user can see (experimental, deployment-wide): one update
    /// per change, from now on. Reconnects on a drop; changes while disconnected are not replayed.
    /// </summary>
    /// <param name="api">The workspaces area of a <see cref="CoderClient"/>.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Build updates as they happen.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    public static IAsyncEnumerable<WorkspaceBuildUpdate> WatchAllBuildsAsync(this IWorkspacesApi api, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchAllBuildsAsync)), CoderStreams.AllBuilds(), cancellationToken);

    /// <summary>
    /// Watches whether a workspace's agent can be connected to: the latest build's transition and job status first,
    /// then the agent's lifecycle once a start build succeeded, and each change after. A reconnect starts with the
    /// current state. coderd's retryable watch errors reconnect; the others (no agents, several agents and no
    /// <paramref name="agentName"/>, an unknown name) end the watch with <see cref="CoderStreamException"/>.
    /// </summary>
    /// <param name="api">The workspaces area of a <see cref="CoderClient"/>.</param>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="agentName">The agent to follow; needed when the workspace has more than one.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Build and agent updates.</returns>
    /// <exception cref="CoderStreamException">coderd reported a watch error that retrying cannot fix (<see cref="CoderStreamFailure.ErrorEvent"/>), or the watch could not continue.</exception>
    public static IAsyncEnumerable<ConnectionWatchEvent> WatchAgentConnectionsAsync(this IWorkspacesApi api, Guid workspace, string? agentName = null, CancellationToken cancellationToken = default) =>
        DeclaredStream.RunAsync(CoderConnection.Of(api, nameof(WatchAgentConnectionsAsync)), CoderStreams.AgentConnections(workspace, agentName), cancellationToken);
}

/// <summary>Live sessions built on <see cref="ITemplatesApi"/>.</summary>
public static partial class TemplatesApiExtensions
{
    /// <summary>
    /// Opens a dynamic-parameters session for a template version, as the workspace form does: send parameter values
    /// with <see cref="DynamicParametersSession.SendAsync"/>, read coderd's previews with
    /// <see cref="DynamicParametersSession.ReadResponsesAsync"/>. For a single evaluation use
    /// <see cref="ITemplatesApi.EvaluateDynamicParametersAsync"/>.
    /// </summary>
    /// <param name="api">The templates area of a <see cref="CoderClient"/>.</param>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="ownerId">The workspace owner to render for; the caller when null.</param>
    /// <param name="cancellationToken">Cancels opening the session (not the session itself).</param>
    /// <returns>The open session; dispose it to close it.</returns>
    /// <exception cref="CoderNotFoundException">The template version does not exist.</exception>
    public static async Task<DynamicParametersSession> OpenDynamicParametersAsync(this ITemplatesApi api, Guid templateVersion, Guid? ownerId = null, CancellationToken cancellationToken = default)
    {
        var connection = CoderConnection.Of(api, nameof(OpenDynamicParametersAsync));
        var session = await DeclaredSession<DynamicParametersRequest, DynamicParametersResponse>.OpenAsync(
            connection, CoderStreams.DynamicParameters(templateVersion, ownerId), Json.CoderJsonContext.Default.DynamicParametersRequest, cancellationToken).ConfigureAwait(false);
        return new DynamicParametersSession(session);
    }
}
