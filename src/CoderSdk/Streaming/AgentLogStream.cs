using System.Net;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk.Streaming;

/// <summary>
/// Follows a workspace agent's log (<c>GET /api/v2/workspaceagents/{id}/logs?follow&amp;after=N</c>): each frame is a JSON
/// array of <see cref="WorkspaceAgentLog"/> (the first may be <c>[]</c>), flattened into one sequence. coderd does not
/// end the stream when start-up finishes, so the caller picks the mode; either way a final plain read after the
/// follow ends picks up anything the socket had not delivered yet.
/// </summary>
internal static class AgentLogStream
{
    public static IAsyncEnumerable<WorkspaceAgentLog> FollowAsync(CoderConnection connection, Guid agentId, AgentLogFollowMode mode, long after, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        return ChannelStream.RunAsync<WorkspaceAgentLog>(
            connection.StreamOptions.BufferCapacity,
            (writer, stop) => ProduceAsync(connection, agentId, mode, after, writer, stop),
            cancellationToken);
    }

    internal static CoderRequest AgentRequest(Guid agentId) =>
        new CoderRequest(CoderOperations.AgentsGet).Path("workspaceagent", agentId);

    private static CoderRequest LogsRequest(Guid agentId) =>
        new CoderRequest(CoderOperations.AgentsGetLogs).Path("workspaceagent", agentId);

    private static async Task ProduceAsync(CoderConnection connection, Guid agentId, AgentLogFollowMode mode, long after, ChannelWriter<WorkspaceAgentLog> writer, CancellationToken stop)
    {
        var lastId = after;
        using var startupEnded = new CancellationTokenSource();
        using var pollStop = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var pollFailure = new StrongBox<Exception?>();
        var poller = mode == AgentLogFollowMode.UntilStartupCompletes
            ? Task.Run(() => WatchStartupAsync(connection, agentId, startupEnded, pollFailure, pollStop.Token), CancellationToken.None)
            : Task.CompletedTask;

        try
        {
            var reconnector = new StreamReconnector(connection, LogsRequest(agentId));
            await reconnector.RunAsync(async token =>
            {
                var request = LogsRequest(agentId).QueryFlag("follow").Query("after", lastId);
                CoderStreamInterruptedException? dropped = null;
                (WebSocketCloseStatus? Status, string? Description) closed = default;
                if (!startupEnded.IsCancellationRequested)
                {
                    using var session = CancellationTokenSource.CreateLinkedTokenSource(token, startupEnded.Token);
                    try
                    {
                        await using var socket = await WebSocketSession.ConnectAsync(connection, request, serverReads: false, session.Token).ConfigureAwait(false);
                        reconnector.Connected();
                        try
                        {
                            while (await socket.ReceiveAsync().ConfigureAwait(false) is { } frame)
                            {
                                var batch = StreamFrames.Parse(frame.Span, CoderJsonContext.Default.WorkspaceAgentLogList, request, connection.Secrets, HttpStatusCode.SwitchingProtocols, socket.Frames);
                                foreach (var log in batch)
                                {
                                    StreamFrames.RequireId(log.Id, frame.Span, request, connection.Secrets, socket.Frames);
                                }

                                lastId = await WriteNewAsync(writer, batch, lastId, token).ConfigureAwait(false);
                                if (batch.Count > 0)
                                {
                                    reconnector.MadeProgress();
                                }
                            }
                        }
                        catch (CoderStreamInterruptedException ex)
                        {
                            dropped = ex;
                        }

                        closed = (socket.CloseStatus, socket.CloseDescription);
                    }
                    catch (OperationCanceledException) when (startupEnded.IsCancellationRequested && !token.IsCancellationRequested)
                    {
                        // Start-up ended while connecting; the final read below covers it.
                    }
                }

                token.ThrowIfCancellationRequested();
                if (Volatile.Read(ref pollFailure.Value) is { } failure)
                {
                    throw failure;
                }

                var finished = startupEnded.IsCancellationRequested;
                if (!finished && mode == AgentLogFollowMode.UntilCanceled)
                {
                    // coderd ends the follow once the agent is no longer part of the workspace's latest build; after a
                    // shut-down nothing more can be written, anything else is a broken connection to resume.
                    var agent = await connection.SendAsync(AgentRequest(agentId), CoderJsonContext.Default.WorkspaceAgent, token).ConfigureAwait(false);
                    finished = IsShutDown(agent.LifecycleState);
                }

                if (finished)
                {
                    var rest = await connection.SendAsync(LogsRequest(agentId).Query("after", lastId), CoderJsonContext.Default.WorkspaceAgentLogList, token).ConfigureAwait(false);
                    lastId = await WriteNewAsync(writer, rest, lastId, token).ConfigureAwait(false);
                    return;
                }

                throw dropped ?? new CoderStreamInterruptedException("coderd closed the agent log stream", closed.Status, closed.Description, null);
            }, stop).ConfigureAwait(false);
        }
        finally
        {
            await pollStop.CancelAsync().ConfigureAwait(false);
            await poller.ConfigureAwait(false);
        }
    }

    private static async Task<long> WriteNewAsync(ChannelWriter<WorkspaceAgentLog> writer, IReadOnlyList<WorkspaceAgentLog> batch, long lastId, CancellationToken cancellationToken)
    {
        foreach (var log in batch)
        {
            if (log.Id > lastId)
            {
                await writer.WriteAsync(log, cancellationToken).ConfigureAwait(false);
                lastId = log.Id;
            }
        }

        return lastId;
    }

    /// <summary>Re-reads the agent until its lifecycle leaves <c>created</c>/<c>starting</c>, then signals (with a failure that must end the stream, if one came).</summary>
    private static async Task WatchStartupAsync(CoderConnection connection, Guid agentId, CancellationTokenSource startupEnded, StrongBox<Exception?> failure, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                try
                {
                    var agent = await connection.SendAsync(AgentRequest(agentId), CoderJsonContext.Default.WorkspaceAgent, stop).ConfigureAwait(false);
                    if (!IsStarting(agent.LifecycleState))
                    {
                        await startupEnded.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                }
                catch (Exception ex) when (StreamReconnector.IsTransient(ex) && !stop.IsCancellationRequested)
                {
                    // Try again at the next tick; the log stream itself reports a lasting outage.
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Volatile.Write(ref failure.Value, ex);
                    await startupEnded.CancelAsync().ConfigureAwait(false);
                    return;
                }

                await Task.Delay(connection.StreamOptions.AgentLifecyclePollInterval, connection.Time, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    internal static bool IsStarting(WorkspaceAgentLifecycle state) =>
        state == WorkspaceAgentLifecycle.Created || state == WorkspaceAgentLifecycle.Starting;

    private static bool IsShutDown(WorkspaceAgentLifecycle state) =>
        state == WorkspaceAgentLifecycle.Off || state == WorkspaceAgentLifecycle.ShutdownError || state == WorkspaceAgentLifecycle.ShutdownTimeout;
}
