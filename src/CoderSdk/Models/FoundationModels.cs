// Hand-written stand-ins for the first slice of the API (build info, users, workspaces, builds).
// The generator replaces this file with Generated/Models; the shapes follow the same conventions.
using System.Text.Json;
using System.Text.Json.Serialization;
using CoderSdk.Json;

namespace CoderSdk.Models;

/// <summary>The deployment's version and addresses (<c>GET /api/v2/buildinfo</c>).</summary>
public sealed record BuildInfoResponse
{
    /// <summary>The coderd version, e.g. <c>v2.24.1+abc123</c>.</summary>
    [JsonPropertyName("version")] public string Version { get; init; } = string.Empty;

    /// <summary>The address users reach the deployment at.</summary>
    [JsonPropertyName("external_url")] public string ExternalUrl { get; init; } = string.Empty;

    /// <summary>The dashboard address.</summary>
    [JsonPropertyName("dashboard_url")] public string DashboardUrl { get; init; } = string.Empty;

    /// <summary>The deployment's unique id.</summary>
    [JsonPropertyName("deployment_id")] public string DeploymentId { get; init; } = string.Empty;

    /// <summary>True when this server is a workspace proxy rather than coderd.</summary>
    [JsonPropertyName("workspace_proxy")] public bool WorkspaceProxy { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A Coder user account.</summary>
public sealed record User
{
    /// <summary>The user's id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The unique login name.</summary>
    [JsonPropertyName("username")] public string Username { get; init; } = string.Empty;

    /// <summary>The e-mail address.</summary>
    [JsonPropertyName("email")] public string Email { get; init; } = string.Empty;

    /// <summary>The display name, if set.</summary>
    [JsonPropertyName("name")] public string? Name { get; init; }

    /// <summary>When the account was created.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Organizations the user belongs to.</summary>
    [JsonPropertyName("organization_ids")]
    public IReadOnlyList<Guid> OrganizationIds { get => _organizationIds ?? []; init => _organizationIds = value; }

    private readonly IReadOnlyList<Guid>? _organizationIds;

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A page of workspaces with the total that matched the filter.</summary>
public sealed record WorkspacesResponse
{
    /// <summary>The workspaces on this page.</summary>
    [JsonPropertyName("workspaces")]
    public IReadOnlyList<Workspace> Workspaces { get => _workspaces ?? []; init => _workspaces = value; }

    private readonly IReadOnlyList<Workspace>? _workspaces;

    /// <summary>How many workspaces matched the filter across all pages.</summary>
    [JsonPropertyName("count")] public long Count { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A workspace and its latest build.</summary>
public sealed record Workspace
{
    /// <summary>The workspace id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The workspace name, unique per owner.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>The owner's id.</summary>
    [JsonPropertyName("owner_id")] public Guid OwnerId { get; init; }

    /// <summary>The owner's username.</summary>
    [JsonPropertyName("owner_name")] public string OwnerName { get; init; } = string.Empty;

    /// <summary>The template the workspace was built from.</summary>
    [JsonPropertyName("template_id")] public Guid TemplateId { get; init; }

    /// <summary>The template's name.</summary>
    [JsonPropertyName("template_name")] public string TemplateName { get; init; } = string.Empty;

    /// <summary>The organization the workspace belongs to.</summary>
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }

    /// <summary>The template version an update would build.</summary>
    [JsonPropertyName("template_active_version_id")] public Guid TemplateActiveVersionId { get; init; }

    /// <summary>True when the latest build is not on the template's active version.</summary>
    [JsonPropertyName("outdated")] public bool Outdated { get; init; }

    /// <summary>The most recent build.</summary>
    [JsonPropertyName("latest_build")] public WorkspaceBuild LatestBuild { get; init; } = new();

    /// <summary>When the workspace is scheduled for deletion, if it is dormant.</summary>
    [JsonPropertyName("deleting_at")] public DateTimeOffset? DeletingAt { get; init; }

    /// <summary>Auto-stop delay in milliseconds, if set.</summary>
    [JsonPropertyName("ttl_ms")] public long? TtlMs { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>One build (start, stop or delete) of a workspace.</summary>
public sealed record WorkspaceBuild
{
    /// <summary>The build id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The workspace this build belongs to.</summary>
    [JsonPropertyName("workspace_id")] public Guid WorkspaceId { get; init; }

    /// <summary>The build's sequence number within its workspace.</summary>
    [JsonPropertyName("build_number")] public long BuildNumber { get; init; }

    /// <summary>What the build does.</summary>
    [JsonPropertyName("transition")] public WorkspaceTransition Transition { get; init; }

    /// <summary>The workspace status this build implies.</summary>
    [JsonPropertyName("status")] public WorkspaceStatus Status { get; init; }

    /// <summary>The provisioner job running the build.</summary>
    [JsonPropertyName("job")] public ProvisionerJob Job { get; init; } = new();

    /// <summary>The template version the build uses.</summary>
    [JsonPropertyName("template_version_id")] public Guid TemplateVersionId { get; init; }

    /// <summary>The resources (and their agents) the build created.</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyList<WorkspaceResource> Resources { get => _resources ?? []; init => _resources = value; }

    private readonly IReadOnlyList<WorkspaceResource>? _resources;

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>The provisioner job that carries out a build or import.</summary>
public sealed record ProvisionerJob
{
    /// <summary>The job id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The job's state.</summary>
    [JsonPropertyName("status")] public ProvisionerJobStatus Status { get; init; }

    /// <summary>Why the job failed, if it did.</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>A machine-readable failure reason, when coderd knows one.</summary>
    [JsonPropertyName("error_code")] public JobErrorCode? ErrorCode { get; init; }

    /// <summary>When the job was queued.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the job finished, if it has.</summary>
    [JsonPropertyName("completed_at")] public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>The status of a workspace as implied by its latest build.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<WorkspaceStatus>))]
public readonly record struct WorkspaceStatus(string Value) : ICoderEnum<WorkspaceStatus>
{
    /// <summary><c>pending</c>.</summary>
    public static WorkspaceStatus Pending { get; } = new("pending");

    /// <summary><c>starting</c>.</summary>
    public static WorkspaceStatus Starting { get; } = new("starting");

    /// <summary><c>running</c>.</summary>
    public static WorkspaceStatus Running { get; } = new("running");

    /// <summary><c>stopping</c>.</summary>
    public static WorkspaceStatus Stopping { get; } = new("stopping");

    /// <summary><c>stopped</c>.</summary>
    public static WorkspaceStatus Stopped { get; } = new("stopped");

    /// <summary><c>failed</c>.</summary>
    public static WorkspaceStatus Failed { get; } = new("failed");

    /// <inheritdoc />
    public bool IsKnown => Value is "pending" or "starting" or "running" or "stopping" or "stopped" or "failed";

    /// <inheritdoc />
    public static WorkspaceStatus FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>What a build does to its workspace.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<WorkspaceTransition>))]
public readonly record struct WorkspaceTransition(string Value) : ICoderEnum<WorkspaceTransition>
{
    /// <summary><c>start</c>.</summary>
    public static WorkspaceTransition Start { get; } = new("start");

    /// <summary><c>stop</c>.</summary>
    public static WorkspaceTransition Stop { get; } = new("stop");

    /// <summary><c>delete</c>.</summary>
    public static WorkspaceTransition Delete { get; } = new("delete");

    /// <inheritdoc />
    public bool IsKnown => Value is "start" or "stop" or "delete";

    /// <inheritdoc />
    public static WorkspaceTransition FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>The state of a provisioner job.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<ProvisionerJobStatus>))]
public readonly record struct ProvisionerJobStatus(string Value) : ICoderEnum<ProvisionerJobStatus>
{
    /// <summary><c>pending</c>.</summary>
    public static ProvisionerJobStatus Pending { get; } = new("pending");

    /// <summary><c>running</c>.</summary>
    public static ProvisionerJobStatus Running { get; } = new("running");

    /// <summary><c>succeeded</c>.</summary>
    public static ProvisionerJobStatus Succeeded { get; } = new("succeeded");

    /// <summary><c>canceling</c>.</summary>
    public static ProvisionerJobStatus Canceling { get; } = new("canceling");

    /// <summary><c>canceled</c>.</summary>
    public static ProvisionerJobStatus Canceled { get; } = new("canceled");

    /// <summary><c>failed</c>.</summary>
    public static ProvisionerJobStatus Failed { get; } = new("failed");

    /// <inheritdoc />
    public bool IsKnown => Value is "pending" or "running" or "succeeded" or "canceling" or "canceled" or "failed" or "unknown";

    /// <inheritdoc />
    public static ProvisionerJobStatus FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
