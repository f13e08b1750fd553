// Hand-written partial: live build logs (a WebSocket stream the generator cannot express).
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

public partial interface IBuildsApi
{
    /// <summary>
    /// Follows a build's log live: the lines written so far, then each new line as the provisioner writes it, until
    /// the build's job has finished. Survives dropped connections and server restarts: the SDK reconnects and resumes
    /// after the last line it delivered, so each line arrives exactly once, in order.
    /// </summary>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="after">Start after this log line id (0 for the whole log).</param>
    /// <param name="cancellationToken">Stops following and closes the connection.</param>
    /// <returns>The log lines, ending when the build has finished (whether it succeeded or not).</returns>
    /// <exception cref="CoderNotFoundException">The build does not exist or is not visible to the caller.</exception>
    /// <exception cref="CoderStreamException">coderd sent a frame that is not a log line, or reconnecting kept failing.</exception>
    [CoderWorkflow("GET /api/v2/workspacebuilds/{workspacebuild}/logs", "GET /api/v2/workspacebuilds/{workspacebuild}")]
    IAsyncEnumerable<ProvisionerJobLog> FollowLogsAsync(Guid workspaceBuild, long after = 0, CancellationToken cancellationToken = default);
}

internal sealed partial class BuildsApi
{
    public IAsyncEnumerable<ProvisionerJobLog> FollowLogsAsync(Guid workspaceBuild, long after = 0, CancellationToken cancellationToken = default) =>
        ProvisionerLogStream.FollowAsync(Connection, LogSource(Connection, workspaceBuild), after, cancellationToken);

    internal static ProvisionerLogStream.Source LogSource(CoderConnection connection, Guid workspaceBuild) => new(
        () => new CoderRequest(HttpMethod.Get, "/api/v2/workspacebuilds/{workspacebuild}/logs", 200).Path("workspacebuild", workspaceBuild),
        async token => (await GetBuildAsync(connection, workspaceBuild, token).ConfigureAwait(false)).Job);

    internal static Task<WorkspaceBuild> GetBuildAsync(CoderConnection connection, Guid workspaceBuild, CancellationToken cancellationToken) =>
        connection.SendAsync(
            new CoderRequest(HttpMethod.Get, "/api/v2/workspacebuilds/{workspacebuild}", 200).Path("workspacebuild", workspaceBuild),
            CoderJsonContext.Default.WorkspaceBuild, cancellationToken);
}
