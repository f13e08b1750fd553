// Hand-written partial: watching a workspace live (WebSocket with SSE fallback, which the generator cannot express).
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;
using CoderSdk.Streaming;

namespace CoderSdk;

public partial interface IWorkspacesApi
{
    /// <summary>
    /// Watches a workspace: its current state first, then the whole workspace again each time it changes (a build
    /// starts or ends, an agent connects, the template gets a new version, ...). Uses <c>watch-ws</c>, or the older
    /// Server-Sent-Events endpoint when the deployment predates it. After a broken connection the SDK reconnects and
    /// the sequence continues with a fresh snapshot.
    /// </summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="cancellationToken">Stops watching and closes the connection.</param>
    /// <returns>Workspace snapshots until you stop.</returns>
    /// <exception cref="CoderNotFoundException">The workspace does not exist or is not visible to the caller.</exception>
    /// <exception cref="CoderStreamException">coderd sent an error event or an unreadable frame, or reconnecting kept failing.</exception>
    [CoderWorkflow("GET /api/v2/workspaces/{workspace}/watch-ws", "GET /api/v2/workspaces/{workspace}/watch")]
    IAsyncEnumerable<Workspace> WatchAsync(Guid workspace, CancellationToken cancellationToken = default);
}

internal sealed partial class WorkspacesApi
{
    public IAsyncEnumerable<Workspace> WatchAsync(Guid workspace, CancellationToken cancellationToken = default) =>
        WatchStream.WatchAsync(Connection, new WatchStream.Endpoints(
                () => new CoderRequest(HttpMethod.Get, "/api/v2/workspaces/{workspace}/watch-ws", 200) { IsStream = true }.Path("workspace", workspace),
                () => WatchStream.SseRequest("/api/v2/workspaces/{workspace}/watch").Path("workspace", workspace)),
            CoderJsonContext.Default.Workspace, cancellationToken);
}
