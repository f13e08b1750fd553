// Hand-written partial: live template import and dry-run logs (WebSocket streams the generator cannot express).
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

public partial interface ITemplatesApi
{
    /// <summary>
    /// Follows a template version's import log live until the import job has finished, reconnecting and resuming
    /// after the last delivered line when the connection breaks.
    /// </summary>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="after">Start after this log line id (0 for the whole log).</param>
    /// <param name="cancellationToken">Stops following and closes the connection.</param>
    /// <returns>The log lines, ending when the import has finished.</returns>
    /// <exception cref="CoderNotFoundException">The version does not exist or is not visible to the caller.</exception>
    /// <exception cref="CoderStreamException">coderd sent a frame that is not a log line, or reconnecting kept failing.</exception>
    [CoderWorkflow("GET /api/v2/templateversions/{templateversion}/logs", "GET /api/v2/templateversions/{templateversion}")]
    IAsyncEnumerable<ProvisionerJobLog> FollowVersionLogsAsync(Guid templateVersion, long after = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Follows a template version dry run's log live until the dry-run job has finished, reconnecting and resuming
    /// after the last delivered line when the connection breaks.
    /// </summary>
    /// <param name="templateVersion">The template version id.</param>
    /// <param name="jobId">The dry-run job id.</param>
    /// <param name="after">Start after this log line id (0 for the whole log).</param>
    /// <param name="cancellationToken">Stops following and closes the connection.</param>
    /// <returns>The log lines, ending when the dry run has finished.</returns>
    /// <exception cref="CoderNotFoundException">The version or job does not exist or is not visible to the caller.</exception>
    /// <exception cref="CoderStreamException">coderd sent a frame that is not a log line, or reconnecting kept failing.</exception>
    [CoderWorkflow("GET /api/v2/templateversions/{templateversion}/dry-run/{jobID}/logs", "GET /api/v2/templateversions/{templateversion}/dry-run/{jobID}")]
    IAsyncEnumerable<ProvisionerJobLog> FollowDryRunLogsAsync(Guid templateVersion, Guid jobId, long after = 0, CancellationToken cancellationToken = default);
}

internal sealed partial class TemplatesApi
{
    public IAsyncEnumerable<ProvisionerJobLog> FollowVersionLogsAsync(Guid templateVersion, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(Connection, new ProvisionerLogStream.Source(
            () => new CoderRequest(HttpMethod.Get, "/api/v2/templateversions/{templateversion}/logs", 200).Path("templateversion", templateVersion),
            async token => (await Connection.SendAsync(
                new CoderRequest(HttpMethod.Get, "/api/v2/templateversions/{templateversion}", 200).Path("templateversion", templateVersion),
                CoderJsonContext.Default.TemplateVersion, token).ConfigureAwait(false)).Job),
            after, cancellationToken);

    public IAsyncEnumerable<ProvisionerJobLog> FollowDryRunLogsAsync(Guid templateVersion, Guid jobId, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(Connection, new ProvisionerLogStream.Source(
            () => new CoderRequest(HttpMethod.Get, "/api/v2/templateversions/{templateversion}/dry-run/{jobID}/logs", 200).Path("templateversion", templateVersion).Path("jobID", jobId),
            token => Connection.SendAsync(
                new CoderRequest(HttpMethod.Get, "/api/v2/templateversions/{templateversion}/dry-run/{jobID}", 200).Path("templateversion", templateVersion).Path("jobID", jobId),
                CoderJsonContext.Default.ProvisionerJob, token)),
            after, cancellationToken);
}
