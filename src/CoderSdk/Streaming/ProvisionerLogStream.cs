using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Pipeline;

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
    /// <param name="Logs">Builds the follow's handshake (path values, no query).</param>
    /// <param name="ReadLogs">Reads the lines after an id through the area's REST method.</param>
    /// <param name="ReadJob">Reads the job's current state.</param>
    public sealed record Source(Func<CoderRequest> Logs, Func<long, CancellationToken, Task<IReadOnlyList<ProvisionerJobLog>>> ReadLogs, Func<CancellationToken, Task<ProvisionerJob>> ReadJob);

    public static IAsyncEnumerable<ProvisionerJobLog> FollowAsync(CoderConnection connection, Source source, long after, CancellationToken cancellationToken) =>
        DeclaredStream.RunAsync(connection, Declare(source), cancellationToken, after);

    /// <summary>A job log as a declared stream: one line per frame, resumed with <c>after=</c>, every end checked against the job.</summary>
    private static StreamDeclaration<ProvisionerJobLog> Declare(Source source) => new()
    {
        Format = StreamFrameFormat.Object,
        Resume = StreamResume.AfterId,
        Item = CoderJsonContext.Default.ProvisionerJobLog,
        Id = line => line.Id,
        WebSocket = lastId => FollowRequest(source, lastId),
        Ended = async (end, token) =>
        {
            // The connection ended. Only the job can say whether the log has.
            var job = await source.ReadJob(token).ConfigureAwait(false);
            if (!IsFinished(job.Status))
            {
                throw end.Interruption($"coderd closed the log stream while the job is still {job.Status}");
            }

            // One last plain read picks up anything the connection missed.
            var rest = await source.ReadLogs(end.LastId, token).ConfigureAwait(false);
            await end.DeliverAsync(rest, token).ConfigureAwait(false);
        },
    };

    private static CoderRequest FollowRequest(Source source, long after) =>
        source.Logs().QueryFlag("follow").Query("after", after);

    /// <summary>True once a job can write no more log lines.</summary>
    internal static bool IsFinished(ProvisionerJobStatus status) =>
        status == ProvisionerJobStatus.Succeeded || status == ProvisionerJobStatus.Failed || status == ProvisionerJobStatus.Canceled;
}
