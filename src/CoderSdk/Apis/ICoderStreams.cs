using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Terminal;
using CoderSdk.Workflows;

namespace CoderSdk.Apis;

/// <summary>
/// coderd's live streams (log follows, watches and the two-way dynamic-parameters session) of one client, as
/// <c>client.Streams</c>. Each stream connects when enumeration starts, answers the server's pings on its own receive
/// loop, reconnects after a dropped connection as its rules allow, and closes when enumeration ends. It is an
/// interface so that code using it can be tested with a test double.
/// </summary>
/// <remarks>New members may be added in minor versions; implement it only for test doubles.</remarks>
public interface ICoderStreams
{
    /// <summary>
    /// Follows a workspace build's log live over coderd's <c>?follow</c> WebSocket: the backlog first, then each line
    /// as the provisioner writes it, until the job finishes. A dropped connection is resumed after the last line
    /// received, so every line arrives once, in order.
    /// </summary>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="after">Skip lines up to and including this log id (0: from the start).</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The build's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed (a malformed frame, or reconnects used up).</exception>
    IAsyncEnumerable<ProvisionerJobLog> FollowBuildLogsAsync(Guid workspaceBuild, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>Follows a template version's import log live until its import job finishes, with the rules of <see cref="FollowBuildLogsAsync"/>.</summary>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="after">Skip lines up to and including this log id.</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The import job's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed.</exception>
    IAsyncEnumerable<ProvisionerJobLog> FollowTemplateVersionLogsAsync(Guid templateVersion, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>Follows a template version dry run's log live until the dry-run job finishes, with the rules of <see cref="FollowBuildLogsAsync"/>.</summary>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="jobId">The dry-run job id.</param>
    /// <param name="after">Skip lines up to and including this log id.</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The dry run's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed.</exception>
    IAsyncEnumerable<ProvisionerJobLog> FollowDryRunLogsAsync(Guid templateVersion, Guid jobId, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows a workspace agent's log live (coderd sends arrays of lines; they arrive here one by one). With
    /// <see cref="AgentLogFollowMode.UntilStartupCompletes"/> the sequence ends once the agent's start-up has ended.
    /// </summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="mode">When the sequence ends.</param>
    /// <param name="after">Skip lines up to and including this log id.</param>
    /// <param name="cancellationToken">Ends the follow.</param>
    /// <returns>The agent's log lines.</returns>
    /// <exception cref="CoderStreamException">The log could not be followed.</exception>
    IAsyncEnumerable<WorkspaceAgentLog> FollowAgentLogsAsync(Guid workspaceAgent, AgentLogFollowMode mode = AgentLogFollowMode.UntilCanceled, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches a workspace live: its current state first, then a new snapshot on every change (over the
    /// <c>watch-ws</c> WebSocket, or server-sent events on servers without it). A reconnect starts again with a fresh
    /// snapshot.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Snapshots of the workspace as it changes.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (an <c>error</c> event, a malformed frame, or reconnects used up).</exception>
    IAsyncEnumerable<Workspace> WatchWorkspaceAsync(Guid workspace, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches an agent's metadata live (over the <c>watch-metadata-ws</c> WebSocket, or server-sent events on servers
    /// without it): every update carries the whole current set.
    /// </summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The agent's metadata, once per update.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    IAsyncEnumerable<IReadOnlyList<WorkspaceAgentMetadata>> WatchAgentMetadataAsync(Guid workspaceAgent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches an agent's containers live: the whole list (containers, dev containers, warnings) first, then again on
    /// every change. A reconnect starts with the current list.
    /// </summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Snapshots of the agent's containers.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    IAsyncEnumerable<WorkspaceAgentListContainersResponse> WatchAgentContainersAsync(Guid workspaceAgent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for reinitialization signals of the calling agent's workspace (server-sent events), as a workspace agent
    /// does, for example when a prebuilt workspace is claimed. The client must authenticate with the agent's token.
    /// A signal sent while disconnected is not replayed unless <paramref name="wait"/> asks coderd to check for one that
    /// is due.
    /// </summary>
    /// <param name="wait">Opt in to coderd's durable reinit check (query <c>wait</c>).</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Reinitialization signals as they arrive.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (an <c>error</c> event, a malformed event, or reconnects used up).</exception>
    IAsyncEnumerable<ReinitializationEvent> WatchReinitializationAsync(bool wait = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the state changes of every workspace build the user can see (experimental, deployment-wide): one update
    /// per change, from now on. Changes while disconnected are not replayed.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Build updates as they happen.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    IAsyncEnumerable<WorkspaceBuildUpdate> WatchAllBuildsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches whether a workspace's agent can be connected to: the latest build's transition and job status first,
    /// then the agent's lifecycle once a start build succeeded, and each change after. A reconnect starts with the
    /// current state. coderd's retryable watch errors reconnect; the others (no agents, several agents and no
    /// <paramref name="agentName"/>, an unknown name) end the watch with <see cref="CoderStreamException"/>.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="agentName">The agent to follow; needed when the workspace has more than one.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Build and agent updates.</returns>
    /// <exception cref="CoderStreamException">coderd reported a watch error that retrying cannot fix, or the watch could not continue.</exception>
    IAsyncEnumerable<ConnectionWatchEvent> WatchAgentConnectionsAsync(Guid workspace, string? agentName = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the user's inbox live: one item per notification that arrives from now on, with the unread count after
    /// it. Notifications that arrive while disconnected are not replayed (list them with
    /// <see cref="INotificationsApi.ListInboxAsync"/>).
    /// </summary>
    /// <param name="targets">Only notifications about these targets (a workspace, a template, ...); all when null.</param>
    /// <param name="templates">Only notifications made from these notification templates; all when null.</param>
    /// <param name="readStatus"><c>read</c>, <c>unread</c> or <c>all</c> (coderd's default).</param>
    /// <param name="format"><c>markdown</c> (coderd's default) or <c>plaintext</c> for the title and content.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>New notifications as they arrive.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (a malformed frame, or reconnects used up).</exception>
    IAsyncEnumerable<GetInboxNotificationResponse> WatchInboxAsync(IEnumerable<Guid>? targets = null, IEnumerable<Guid>? templates = null, string? readStatus = null, string? format = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the user's chats live (experimental): one event per change (created, status, title, summary, diff,
    /// deleted, ...). Changes while disconnected are not replayed.
    /// </summary>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>Chat events as they happen.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue (an <c>error</c> event, a malformed frame, or reconnects used up).</exception>
    IAsyncEnumerable<ChatWatchEvent> WatchChatsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams one chat live (experimental): its current state first (messages, status, queue), then every event.
    /// coderd sends events in batches; they arrive here one by one. A reconnect asks for the messages after the last one
    /// delivered (<c>after_id</c>), so no message arrives twice; the status, queue and in-progress parts of the current
    /// state are sent again. A coderd older than v2.36.0 ignores <c>after_id</c> and the stream skips the messages it
    /// re-sends by id.
    /// </summary>
    /// <param name="chat">The chat id.</param>
    /// <param name="afterMessageId">Start after this message (the <see cref="ChatMessage.Id"/> of the last one you have); 0 for the whole history.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The chat's events.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="afterMessageId"/> is negative.</exception>
    /// <exception cref="CoderStreamException">The stream could not continue.</exception>
    IAsyncEnumerable<ChatStreamEvent> StreamChatAsync(Guid chat, long afterMessageId = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams the message parts of one chat live (experimental, <c>.../stream/parts</c>), in batches as
    /// <see cref="StreamChatAsync"/>. A reconnect starts again with the parts of the current state, so parts may repeat.
    /// </summary>
    /// <param name="chat">The chat id.</param>
    /// <param name="cancellationToken">Ends the stream.</param>
    /// <returns>The chat's part events.</returns>
    /// <exception cref="CoderStreamException">The stream could not continue.</exception>
    IAsyncEnumerable<ChatStreamEvent> StreamChatPartsAsync(Guid chat, CancellationToken cancellationToken = default);

    /// <summary>
    /// Watches the git state of a chat's workspace live (experimental): the repositories and their changes as the
    /// workspace agent reports them. The SDK sends nothing on this socket.
    /// </summary>
    /// <param name="chat">The chat id.</param>
    /// <param name="cancellationToken">Ends the watch.</param>
    /// <returns>The agent's git reports.</returns>
    /// <exception cref="CoderStreamException">The watch could not continue.</exception>
    IAsyncEnumerable<WorkspaceAgentGitServerMessage> WatchChatGitAsync(Guid chat, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a dynamic-parameters session for a template version, as the workspace form does: send parameter values
    /// with <see cref="IDynamicParametersSession.SendAsync"/>, read coderd's previews with
    /// <see cref="IDynamicParametersSession.ReadResponsesAsync"/>. For a single evaluation use
    /// <see cref="ITemplatesApi.EvaluateDynamicParametersAsync"/>.
    /// </summary>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="ownerId">The workspace owner to render for; the caller when null.</param>
    /// <param name="cancellationToken">Cancels opening the session (not the session itself).</param>
    /// <returns>The open session; dispose it to close it.</returns>
    /// <exception cref="CoderNotFoundException">The template version does not exist.</exception>
    Task<IDynamicParametersSession> OpenDynamicParametersAsync(Guid templateVersion, Guid? ownerId = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a terminal session on a workspace agent over coderd's reconnecting PTY WebSocket
    /// (<c>GET /api/v2/workspaceagents/{workspaceagent}/pty</c>), running <see cref="CoderTerminalOptions.Command"/> or
    /// the user's shell. The upgrade goes through the client's connection, so the session token travels in the
    /// <c>Coder-Session-Token</c> header (never in the URL) and a refused upgrade throws its typed exception.
    /// </summary>
    /// <param name="workspaceAgent">The agent id (see <see cref="CoderClientWorkflowExtensions.GetWorkspaceAgentAsync"/> to find it by workspace name).</param>
    /// <param name="options">Command, size, container, reconnect id and reconnect rule; null for the user's shell at 80×24.</param>
    /// <param name="cancellationToken">Cancels opening the session (not the session itself).</param>
    /// <returns>The open session; dispose it to close it.</returns>
    /// <exception cref="CoderNotFoundException">The agent does not exist.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is outside 1 to 65,535.</exception>
    Task<ICoderTerminal> OpenTerminalAsync(Guid workspaceAgent, CoderTerminalOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a command on a workspace agent in a terminal session and returns its output and exit status. The PTY
    /// protocol carries no exit status, so the SDK has the shell print one after the command, marked with a fresh
    /// random sentinel, and removes that line from the output; this needs a POSIX shell (sh, bash, zsh, dash, ksh) as
    /// the workspace user's shell and a command that does not read from the terminal. The session does not reconnect:
    /// a reconnect after the command ended would run it again.
    /// </summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="command">The command line, as typed at a shell prompt.</param>
    /// <param name="options">Timeout, terminal size and container; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the run and closes the session (then <see cref="OperationCanceledException"/>).</param>
    /// <returns>The output and exit status.</returns>
    /// <exception cref="CoderCommandTimeoutException">The command ran longer than <see cref="CoderCommandOptions.Timeout"/>; it carries the output so far.</exception>
    /// <exception cref="CoderCommandException">The connection dropped, or the session ended without an exit status; it carries the output so far.</exception>
    /// <exception cref="CoderNotFoundException">The agent does not exist.</exception>
    Task<CoderCommandResult> RunCommandAsync(Guid workspaceAgent, string command, CoderCommandOptions? options = null, CancellationToken cancellationToken = default);
}
