using System.Net;
using System.Threading.Channels;
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk.Streaming;

/// <summary>
/// Follows a provisioner job's log (<c>GET .../logs?follow&amp;after=N</c>): one <see cref="ProvisionerJobLog"/> per text
/// frame, backlog first. coderd closes 1000 "done" when the job ends, but a restarting server closes 1000 too, so every
/// end of a connection is checked against the job: if it is still pending or running the stream reconnects with
/// <c>after=&lt;last id&gt;</c>; if it has finished, one last plain read picks up anything the connection missed and the
/// sequence ends. Lines are delivered once each, in id order, across any number of reconnects.
/// </summary>
internal static class ProvisionerLogStream
{
    /// <summary>Where a job's log lives and how to read the job.</summary>
    /// <param name="Logs">Builds the logs request (route and path values, no query).</param>
    /// <param name="ReadJob">Reads the job's current state.</param>
    public sealed record Source(Func<CoderRequest> Logs, Func<CancellationToken, Task<ProvisionerJob>> ReadJob);

    public static IAsyncEnumerable<ProvisionerJobLog> FollowAsync(CoderConnection connection, Source source, long after, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        return ChannelStream.RunAsync<ProvisionerJobLog>(
            connection.StreamOptions.BufferCapacity,
            (writer, stop) => ProduceAsync(connection, source, after, writer, stop),
            cancellationToken);
    }

    private static async Task ProduceAsync(CoderConnection connection, Source source, long after, ChannelWriter<ProvisionerJobLog> writer, CancellationToken stop)
    {
        var lastId = after;
        var reconnector = new StreamReconnector(connection, FollowRequest(source, lastId));
        await reconnector.RunAsync(async token =>
        {
            var request = FollowRequest(source, lastId);
            Exception? dropped = null;
            (System.Net.WebSockets.WebSocketCloseStatus? Status, string? Description) closed = default;
            await using (var session = await WebSocketSession.ConnectAsync(connection, request, serverReads: false, token).ConfigureAwait(false))
            {
                reconnector.Connected();
                try
                {
                    while (await session.ReceiveAsync().ConfigureAwait(false) is { } frame)
                    {
                        var line = StreamFrames.Parse(frame.Span, CoderJsonContext.Default.ProvisionerJobLog, request, connection.Secrets, HttpStatusCode.SwitchingProtocols, session.Frames);
                        StreamFrames.RequireId(line.Id, frame.Span, request, connection.Secrets, session.Frames);
                        if (line.Id <= lastId)
                        {
                            continue; // already delivered before a reconnect
                        }

                        await writer.WriteAsync(line, token).ConfigureAwait(false);
                        lastId = line.Id;
                        reconnector.MadeProgress();
                    }
                }
                catch (CoderStreamInterruptedException ex)
                {
                    dropped = ex;
                }

                token.ThrowIfCancellationRequested();
                closed = (session.CloseStatus, session.CloseDescription);
            }

            // The connection ended. Only the job can say whether the log has.
            var job = await source.ReadJob(token).ConfigureAwait(false);
            if (IsFinished(job.Status))
            {
                var rest = await connection.SendAsync(
                    source.Logs().Query("after", lastId), CoderJsonContext.Default.ProvisionerJobLogList, token).ConfigureAwait(false);
                foreach (var line in rest)
                {
                    if (line.Id > lastId)
                    {
                        await writer.WriteAsync(line, token).ConfigureAwait(false);
                        lastId = line.Id;
                    }
                }

                return;
            }

            throw dropped ?? new CoderStreamInterruptedException($"coderd closed the log stream while the job is still {job.Status}", closed.Status, closed.Description, null);
        }, stop).ConfigureAwait(false);
    }

    private static CoderRequest FollowRequest(Source source, long after) =>
        source.Logs().QueryFlag("follow").Query("after", after);

    /// <summary>True once a job can write no more log lines.</summary>
    internal static bool IsFinished(ProvisionerJobStatus status) =>
        status == ProvisionerJobStatus.Succeeded || status == ProvisionerJobStatus.Failed || status == ProvisionerJobStatus.Canceled;
}
