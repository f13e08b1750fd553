// Hand-written stand-ins for models the streaming and lifecycle code needs before the generator lands.
// Delete this file (and Json/CoderJsonContext.StreamingStandIns.cs) when Generated/Models arrives: the generated
// records carry the same names, JSON names and conventions.
using System.Text.Json;
using System.Text.Json.Serialization;
using CoderSdk.Json;

namespace CoderSdk.Models;

/// <summary>One line of a provisioner job's log (a workspace build, template import or dry run).</summary>
public sealed record ProvisionerJobLog
{
    /// <summary>The line id. Ids grow across the whole deployment, so they order lines but are not contiguous per job.</summary>
    [JsonPropertyName("id")] public long Id { get; init; }

    /// <summary>When the line was written.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Who wrote it: the provisioner daemon or the provisioner (Terraform).</summary>
    [JsonPropertyName("log_source")] public LogSource LogSource { get; init; }

    /// <summary>The severity.</summary>
    [JsonPropertyName("log_level")] public LogLevel LogLevel { get; init; }

    /// <summary>The build stage, for example <c>Planning infrastructure</c>.</summary>
    [JsonPropertyName("stage")] public string Stage { get; init; } = string.Empty;

    /// <summary>The text of the line.</summary>
    [JsonPropertyName("output")] public string Output { get; init; } = string.Empty;

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>One line of a workspace agent's startup log.</summary>
public sealed record WorkspaceAgentLog
{
    /// <summary>The line id; ids grow per agent.</summary>
    [JsonPropertyName("id")] public long Id { get; init; }

    /// <summary>When the line was written.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The text of the line.</summary>
    [JsonPropertyName("output")] public string Output { get; init; } = string.Empty;

    /// <summary>The severity.</summary>
    [JsonPropertyName("level")] public LogLevel Level { get; init; }

    /// <summary>The log source (a script or the agent itself) that wrote the line.</summary>
    [JsonPropertyName("source_id")] public Guid SourceId { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A workspace agent: the process inside a workspace that connects it to Coder.</summary>
public sealed record WorkspaceAgent
{
    /// <summary>The agent id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The agent name, unique within its workspace.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>The resource that hosts the agent.</summary>
    [JsonPropertyName("resource_id")] public Guid ResourceId { get; init; }

    /// <summary>Whether the agent is connected to coderd.</summary>
    [JsonPropertyName("status")] public WorkspaceAgentStatus Status { get; init; }

    /// <summary>Where the agent is in its start-up and shut-down sequence.</summary>
    [JsonPropertyName("lifecycle_state")] public WorkspaceAgentLifecycle LifecycleState { get; init; }

    /// <summary>When the agent record was created.</summary>
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When start-up began, if it has.</summary>
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When start-up ended, if it has.</summary>
    [JsonPropertyName("ready_at")] public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>The size of the agent's log in bytes.</summary>
    [JsonPropertyName("logs_length")] public long LogsLength { get; init; }

    /// <summary>True when the agent wrote more log than coderd keeps.</summary>
    [JsonPropertyName("logs_overflowed")] public bool LogsOverflowed { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A resource (VM, container, ...) a build created, with the agents running in it.</summary>
public sealed record WorkspaceResource
{
    /// <summary>The resource id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The provisioner job that created the resource.</summary>
    [JsonPropertyName("job_id")] public Guid JobId { get; init; }

    /// <summary>The resource name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>The Terraform resource type.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = string.Empty;

    /// <summary>The transition the resource belongs to.</summary>
    [JsonPropertyName("workspace_transition")] public WorkspaceTransition WorkspaceTransition { get; init; }

    /// <summary>The agents running in the resource.</summary>
    [JsonPropertyName("agents")]
    public IReadOnlyList<WorkspaceAgent> Agents { get => _agents ?? []; init => _agents = value; }

    private readonly IReadOnlyList<WorkspaceAgent>? _agents;

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A template workspaces are built from.</summary>
public sealed record Template
{
    /// <summary>The template id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The template name, unique per organization.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>The display name.</summary>
    [JsonPropertyName("display_name")] public string DisplayName { get; init; } = string.Empty;

    /// <summary>The owning organization.</summary>
    [JsonPropertyName("organization_id")] public Guid OrganizationId { get; init; }

    /// <summary>The version new workspaces and updates use.</summary>
    [JsonPropertyName("active_version_id")] public Guid ActiveVersionId { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>A version of a template and the job that imported it.</summary>
public sealed record TemplateVersion
{
    /// <summary>The version id.</summary>
    [JsonPropertyName("id")] public Guid Id { get; init; }

    /// <summary>The template it belongs to, if any.</summary>
    [JsonPropertyName("template_id")] public Guid? TemplateId { get; init; }

    /// <summary>The version name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>The import job.</summary>
    [JsonPropertyName("job")] public ProvisionerJob Job { get; init; } = new();

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>The body of <c>POST /api/v2/workspaces/{workspace}/builds</c>.</summary>
public sealed record CreateWorkspaceBuildRequest
{
    /// <summary>What the build does: start, stop or delete.</summary>
    [JsonPropertyName("transition")] public required WorkspaceTransition Transition { get; init; }

    /// <summary>The template version to build; the previous build's version when omitted.</summary>
    [JsonPropertyName("template_version_id")] public Guid? TemplateVersionId { get; init; }

    /// <summary>Parameter values to set; they overwrite values of the same name and leave the others.</summary>
    [JsonPropertyName("rich_parameter_values")] public IReadOnlyList<WorkspaceBuildParameter>? RichParameterValues { get; init; }

    /// <summary>Why the build is made (shown in the dashboard and audit log).</summary>
    [JsonPropertyName("reason")] public CreateWorkspaceBuildReason? Reason { get; init; }

    /// <summary>Provider log verbosity; <c>debug</c> or omitted.</summary>
    [JsonPropertyName("log_level")] public string? LogLevel { get; init; }

    /// <summary>For a delete: remove the workspace without destroying its resources.</summary>
    [JsonPropertyName("orphan")] public bool? Orphan { get; init; }

    /// <summary>Plan the build without applying it.</summary>
    [JsonPropertyName("dry_run")] public bool? DryRun { get; init; }
}

/// <summary>A parameter name and value for a build.</summary>
public sealed record WorkspaceBuildParameter
{
    /// <summary>The parameter name.</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = string.Empty;

    /// <summary>The value, as text.</summary>
    [JsonPropertyName("value")] public string Value { get; init; } = string.Empty;
}

/// <summary>The body of <c>POST /api/v2/users/{user}/workspaces</c>.</summary>
public sealed record CreateWorkspaceRequest
{
    /// <summary>The workspace name, unique per owner.</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>The template to build from (its active version); give this or <see cref="TemplateVersionId"/>.</summary>
    [JsonPropertyName("template_id")] public Guid? TemplateId { get; init; }

    /// <summary>A specific template version to build from.</summary>
    [JsonPropertyName("template_version_id")] public Guid? TemplateVersionId { get; init; }

    /// <summary>Parameter values for the first build.</summary>
    [JsonPropertyName("rich_parameter_values")] public IReadOnlyList<WorkspaceBuildParameter>? RichParameterValues { get; init; }

    /// <summary>Auto-stop delay in milliseconds.</summary>
    [JsonPropertyName("ttl_ms")] public long? TtlMs { get; init; }

    /// <summary>Auto-start cron schedule.</summary>
    [JsonPropertyName("autostart_schedule")] public string? AutostartSchedule { get; init; }
}

/// <summary>A log severity.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<LogLevel>))]
public readonly record struct LogLevel(string Value) : ICoderEnum<LogLevel>
{
    /// <summary><c>trace</c>.</summary>
    public static LogLevel Trace { get; } = new("trace");

    /// <summary><c>debug</c>.</summary>
    public static LogLevel Debug { get; } = new("debug");

    /// <summary><c>info</c>.</summary>
    public static LogLevel Info { get; } = new("info");

    /// <summary><c>warn</c>.</summary>
    public static LogLevel Warn { get; } = new("warn");

    /// <summary><c>error</c>.</summary>
    public static LogLevel Error { get; } = new("error");

    /// <inheritdoc />
    public bool IsKnown => Value is "trace" or "debug" or "info" or "warn" or "error";

    /// <inheritdoc />
    public static LogLevel FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>Who wrote a provisioner log line.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<LogSource>))]
public readonly record struct LogSource(string Value) : ICoderEnum<LogSource>
{
    /// <summary><c>provisioner_daemon</c>.</summary>
    public static LogSource ProvisionerDaemon { get; } = new("provisioner_daemon");

    /// <summary><c>provisioner</c>.</summary>
    public static LogSource Provisioner { get; } = new("provisioner");

    /// <inheritdoc />
    public bool IsKnown => Value is "provisioner_daemon" or "provisioner";

    /// <inheritdoc />
    public static LogSource FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>Where an agent is in its start-up and shut-down sequence.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<WorkspaceAgentLifecycle>))]
public readonly record struct WorkspaceAgentLifecycle(string Value) : ICoderEnum<WorkspaceAgentLifecycle>
{
    /// <summary><c>created</c>.</summary>
    public static WorkspaceAgentLifecycle Created { get; } = new("created");

    /// <summary><c>starting</c>.</summary>
    public static WorkspaceAgentLifecycle Starting { get; } = new("starting");

    /// <summary><c>start_timeout</c>.</summary>
    public static WorkspaceAgentLifecycle StartTimeout { get; } = new("start_timeout");

    /// <summary><c>start_error</c>.</summary>
    public static WorkspaceAgentLifecycle StartError { get; } = new("start_error");

    /// <summary><c>ready</c>.</summary>
    public static WorkspaceAgentLifecycle Ready { get; } = new("ready");

    /// <summary><c>shutting_down</c>.</summary>
    public static WorkspaceAgentLifecycle ShuttingDown { get; } = new("shutting_down");

    /// <summary><c>shutdown_timeout</c>.</summary>
    public static WorkspaceAgentLifecycle ShutdownTimeout { get; } = new("shutdown_timeout");

    /// <summary><c>shutdown_error</c>.</summary>
    public static WorkspaceAgentLifecycle ShutdownError { get; } = new("shutdown_error");

    /// <summary><c>off</c>.</summary>
    public static WorkspaceAgentLifecycle Off { get; } = new("off");

    /// <inheritdoc />
    public bool IsKnown => Value is "created" or "starting" or "start_timeout" or "start_error" or "ready" or "shutting_down" or "shutdown_timeout" or "shutdown_error" or "off";

    /// <inheritdoc />
    public static WorkspaceAgentLifecycle FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>Whether an agent is connected to coderd.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<WorkspaceAgentStatus>))]
public readonly record struct WorkspaceAgentStatus(string Value) : ICoderEnum<WorkspaceAgentStatus>
{
    /// <summary><c>connecting</c>.</summary>
    public static WorkspaceAgentStatus Connecting { get; } = new("connecting");

    /// <summary><c>connected</c>.</summary>
    public static WorkspaceAgentStatus Connected { get; } = new("connected");

    /// <summary><c>disconnected</c>.</summary>
    public static WorkspaceAgentStatus Disconnected { get; } = new("disconnected");

    /// <summary><c>timeout</c>.</summary>
    public static WorkspaceAgentStatus Timeout { get; } = new("timeout");

    /// <inheritdoc />
    public bool IsKnown => Value is "connecting" or "connected" or "disconnected" or "timeout";

    /// <inheritdoc />
    public static WorkspaceAgentStatus FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>The reason a caller gives for a build.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<CreateWorkspaceBuildReason>))]
public readonly record struct CreateWorkspaceBuildReason(string Value) : ICoderEnum<CreateWorkspaceBuildReason>
{
    /// <summary><c>dashboard</c>.</summary>
    public static CreateWorkspaceBuildReason Dashboard { get; } = new("dashboard");

    /// <summary><c>cli</c>.</summary>
    public static CreateWorkspaceBuildReason Cli { get; } = new("cli");

    /// <summary><c>ssh_connection</c>.</summary>
    public static CreateWorkspaceBuildReason SshConnection { get; } = new("ssh_connection");

    /// <summary><c>vscode_connection</c>.</summary>
    public static CreateWorkspaceBuildReason VscodeConnection { get; } = new("vscode_connection");

    /// <summary><c>jetbrains_connection</c>.</summary>
    public static CreateWorkspaceBuildReason JetbrainsConnection { get; } = new("jetbrains_connection");

    /// <inheritdoc />
    public bool IsKnown => Value is "dashboard" or "cli" or "ssh_connection" or "vscode_connection" or "jetbrains_connection" or "task_manual_pause" or "task_resume";

    /// <inheritdoc />
    public static CreateWorkspaceBuildReason FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A machine-readable reason a provisioner job failed.</summary>
[JsonConverter(typeof(CoderEnumJsonConverter<JobErrorCode>))]
public readonly record struct JobErrorCode(string Value) : ICoderEnum<JobErrorCode>
{
    /// <summary><c>REQUIRED_TEMPLATE_VARIABLES</c>: the template needs variables the import did not get.</summary>
    public static JobErrorCode RequiredTemplateVariables { get; } = new("REQUIRED_TEMPLATE_VARIABLES");

    /// <summary><c>INSUFFICIENT_QUOTA</c>: the owner's quota does not cover the build.</summary>
    public static JobErrorCode InsufficientQuota { get; } = new("INSUFFICIENT_QUOTA");

    /// <inheritdoc />
    public bool IsKnown => Value is "REQUIRED_TEMPLATE_VARIABLES" or "INSUFFICIENT_QUOTA";

    /// <inheritdoc />
    public static JobErrorCode FromValue(string value) => new(value);

    /// <summary>The wire value.</summary>
    /// <returns>The wire value.</returns>
    public override string ToString() => Value ?? string.Empty;
}
