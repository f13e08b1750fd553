// Stand-in API areas the streaming code extends before the generator lands (agents, templates). Delete this file when
// Generated/Apis arrives: the generated IAgentsApi/ITemplatesApi, their implementations (with an internal Connection)
// and the client properties replace it.
using CoderSdk.Http;

namespace CoderSdk;

public partial interface ICoderClient
{
    /// <summary>Workspace agents.</summary>
    IAgentsApi Agents { get; }

    /// <summary>Templates and template versions.</summary>
    ITemplatesApi Templates { get; }
}

public sealed partial class CoderClient
{
    private IAgentsApi? _agents;
    private ITemplatesApi? _templates;

    /// <inheritdoc />
    public IAgentsApi Agents => _agents ??= new AgentsApi(Connection);

    /// <inheritdoc />
    public ITemplatesApi Templates => _templates ??= new TemplatesApi(Connection);
}

/// <summary>Workspace agents.</summary>
public partial interface IAgentsApi
{
}

/// <summary>Templates and template versions.</summary>
public partial interface ITemplatesApi
{
}

internal sealed partial class AgentsApi(CoderConnection connection) : IAgentsApi
{
    internal CoderConnection Connection => connection;
}

internal sealed partial class TemplatesApi(CoderConnection connection) : ITemplatesApi
{
    internal CoderConnection Connection => connection;
}

// Operations the samples and workflows use before the generator lands; the generated areas provide them (names
// may differ: adapt the callers, then delete these).
public partial interface ITemplatesApi
{
    /// <summary>Lists the templates the caller can see.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The templates.</returns>
    [Get("/api/v2/templates")]
    Task<IReadOnlyList<Models.Template>> ListAsync(CancellationToken cancellationToken = default);
}

public partial interface IAgentsApi
{
    /// <summary>Reads one agent.</summary>
    /// <param name="workspaceAgent">The agent id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The agent.</returns>
    [Get("/api/v2/workspaceagents/{workspaceagent}")]
    Task<Models.WorkspaceAgent> GetAsync(Guid workspaceAgent, CancellationToken cancellationToken = default);
}

public partial interface IWorkspacesApi
{
    /// <summary>Creates a workspace for a user; its first (start) build is queued at once.</summary>
    /// <param name="user">The owner: a user id, a username, or <c>me</c>.</param>
    /// <param name="request">The workspace to create.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The workspace, with its first build.</returns>
    [Post("/api/v2/users/{user}/workspaces")]
    Task<Models.Workspace> CreateAsync(string user, Models.CreateWorkspaceRequest request, CancellationToken cancellationToken = default);
}

internal sealed partial class TemplatesApi
{
    public Task<IReadOnlyList<Models.Template>> ListAsync(CancellationToken cancellationToken = default) =>
        Connection.SendAsync(new CoderRequest(HttpMethod.Get, "/api/v2/templates", 200), Json.CoderJsonContext.Default.IReadOnlyListTemplate, cancellationToken);
}

internal sealed partial class AgentsApi
{
    public Task<Models.WorkspaceAgent> GetAsync(Guid workspaceAgent, CancellationToken cancellationToken = default) =>
        Connection.SendAsync(Streaming.AgentLogStream.AgentRequest(workspaceAgent), Json.CoderJsonContext.Default.WorkspaceAgent, cancellationToken);
}

internal sealed partial class WorkspacesApi
{
    public Task<Models.Workspace> CreateAsync(string user, Models.CreateWorkspaceRequest request, CancellationToken cancellationToken = default) =>
        Connection.SendAsync(
            new CoderRequest(HttpMethod.Post, "/api/v2/users/{user}/workspaces", 201).Path("user", user).JsonBody(request, Json.CoderJsonContext.Default.CreateWorkspaceRequest),
            Json.CoderJsonContext.Default.Workspace, cancellationToken);
}
