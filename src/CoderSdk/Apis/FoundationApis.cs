// Hand-written first slice of the API; the generator replaces this file with Generated/Apis.
using CoderSdk.Http;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk;

public partial interface ICoderClient
{
    /// <summary>Deployment-wide endpoints (build info).</summary>
    IGeneralApi General { get; }

    /// <summary>User accounts.</summary>
    IUsersApi Users { get; }

    /// <summary>Workspaces.</summary>
    IWorkspacesApi Workspaces { get; }

    /// <summary>Workspace builds.</summary>
    IBuildsApi Builds { get; }
}

public sealed partial class CoderClient
{
    private IGeneralApi? _general;
    private IUsersApi? _users;
    private IWorkspacesApi? _workspaces;
    private IBuildsApi? _builds;

    /// <inheritdoc />
    public IGeneralApi General => _general ??= new GeneralApi(Connection);

    /// <inheritdoc />
    public IUsersApi Users => _users ??= new UsersApi(Connection);

    /// <inheritdoc />
    public IWorkspacesApi Workspaces => _workspaces ??= new WorkspacesApi(Connection);

    /// <inheritdoc />
    public IBuildsApi Builds => _builds ??= new BuildsApi(Connection);
}

/// <summary>Deployment-wide endpoints.</summary>
public partial interface IGeneralApi
{
    /// <summary>Reads the deployment's version and addresses. Needs no login.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The build information.</returns>
    [Get("/api/v2/buildinfo")]
    Task<BuildInfoResponse> GetBuildInfoAsync(CancellationToken cancellationToken = default);
}

/// <summary>User accounts.</summary>
public partial interface IUsersApi
{
    /// <summary>Reads one user.</summary>
    /// <param name="user">A user id, a username, or <c>me</c> for the caller.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The user.</returns>
    [Get("/api/v2/users/{user}")]
    Task<User> GetAsync(string user, CancellationToken cancellationToken = default);
}

/// <summary>Workspaces.</summary>
public partial interface IWorkspacesApi
{
    /// <summary>Lists workspaces the caller can see, one page at a time.</summary>
    /// <param name="q">A Coder search string such as <c>owner:me status:running</c>.</param>
    /// <param name="limit">Page size.</param>
    /// <param name="offset">How many matches to skip.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page and the total number of matches.</returns>
    [Get("/api/v2/workspaces")]
    Task<WorkspacesResponse> ListAsync(string? q = null, long? limit = null, long? offset = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one workspace by id.</summary>
    /// <param name="workspace">The workspace id.</param>
    /// <param name="includeDeleted">Also find a deleted workspace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The workspace.</returns>
    [Get("/api/v2/workspaces/{workspace}")]
    Task<Workspace> GetAsync(Guid workspace, bool? includeDeleted = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one workspace by its owner and name.</summary>
    /// <param name="owner">The owner: a user id, a username, or <c>me</c>.</param>
    /// <param name="name">The workspace name.</param>
    /// <param name="includeDeleted">Also find a deleted workspace.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The workspace.</returns>
    [Get("/api/v2/users/{user}/workspace/{workspacename}")]
    Task<Workspace> GetByOwnerAndNameAsync(string owner, string name, bool? includeDeleted = null, CancellationToken cancellationToken = default);
}

/// <summary>Workspace builds.</summary>
public partial interface IBuildsApi
{
    /// <summary>Reads one build by id.</summary>
    /// <param name="workspaceBuild">The build id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The build.</returns>
    [Get("/api/v2/workspacebuilds/{workspacebuild}")]
    Task<WorkspaceBuild> GetAsync(Guid workspaceBuild, CancellationToken cancellationToken = default);
}

internal sealed class GeneralApi(CoderConnection connection) : IGeneralApi
{
    public Task<BuildInfoResponse> GetBuildInfoAsync(CancellationToken cancellationToken = default) =>
        connection.SendAsync(new CoderRequest(HttpMethod.Get, "/api/v2/buildinfo", 200), CoderJsonContext.Default.BuildInfoResponse, cancellationToken);
}

internal sealed class UsersApi(CoderConnection connection) : IUsersApi
{
    public Task<User> GetAsync(string user, CancellationToken cancellationToken = default) =>
        connection.SendAsync(new CoderRequest(HttpMethod.Get, "/api/v2/users/{user}", 200).Path("user", user), CoderJsonContext.Default.User, cancellationToken);
}

internal sealed partial class WorkspacesApi(CoderConnection connection) : IWorkspacesApi
{
    internal CoderConnection Connection => connection;

    public Task<WorkspacesResponse> ListAsync(string? q = null, long? limit = null, long? offset = null, CancellationToken cancellationToken = default) =>
        connection.SendAsync(
            new CoderRequest(HttpMethod.Get, "/api/v2/workspaces", 200).Query("q", q).Query("limit", limit).Query("offset", offset),
            CoderJsonContext.Default.WorkspacesResponse, cancellationToken);

    public Task<Workspace> GetAsync(Guid workspace, bool? includeDeleted = null, CancellationToken cancellationToken = default) =>
        connection.SendAsync(
            new CoderRequest(HttpMethod.Get, "/api/v2/workspaces/{workspace}", 200).Path("workspace", workspace).Query("include_deleted", includeDeleted),
            CoderJsonContext.Default.Workspace, cancellationToken);

    public Task<Workspace> GetByOwnerAndNameAsync(string owner, string name, bool? includeDeleted = null, CancellationToken cancellationToken = default) =>
        connection.SendAsync(
            new CoderRequest(HttpMethod.Get, "/api/v2/users/{user}/workspace/{workspacename}", 200).Path("user", owner).Path("workspacename", name).Query("include_deleted", includeDeleted),
            CoderJsonContext.Default.Workspace, cancellationToken);
}

internal sealed partial class BuildsApi(CoderConnection connection) : IBuildsApi
{
    internal CoderConnection Connection => connection;

    public Task<WorkspaceBuild> GetAsync(Guid workspaceBuild, CancellationToken cancellationToken = default) =>
        connection.SendAsync(
            new CoderRequest(HttpMethod.Get, "/api/v2/workspacebuilds/{workspacebuild}", 200).Path("workspacebuild", workspaceBuild),
            CoderJsonContext.Default.WorkspaceBuild, cancellationToken);
}
