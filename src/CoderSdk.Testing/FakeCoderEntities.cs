namespace CoderSdk.Testing;

/// <summary>A user account held by the fake server.</summary>
public sealed class FakeUser
{
    /// <summary>The user id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The login name.</summary>
    public required string Username { get; init; }

    /// <summary>The e-mail address.</summary>
    public required string Email { get; init; }

    /// <summary>The display name (empty when unset).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary><c>active</c>, <c>dormant</c> or <c>suspended</c>.</summary>
    public string Status { get; set; } = "active";

    /// <summary>Site-wide roles, e.g. <c>owner</c>.</summary>
    public List<string> Roles { get; } = [];

    /// <summary>When the account was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The session token that authenticates as this user.</summary>
    public required string SessionToken { get; init; }
}

/// <summary>An organization.</summary>
public sealed class FakeOrganization
{
    /// <summary>The organization id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The unique name.</summary>
    public required string Name { get; init; }

    /// <summary>The display name.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A template and its active version.</summary>
public sealed class FakeTemplate
{
    /// <summary>The template id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The owning organization.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The unique name within the organization.</summary>
    public required string Name { get; init; }

    /// <summary>The display name.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary>The icon path.</summary>
    public string Icon { get; init; } = string.Empty;

    /// <summary>The version new workspaces use.</summary>
    public Guid ActiveVersionId { get; set; }

    /// <summary>Who created it.</summary>
    public Guid CreatedById { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A template version.</summary>
public sealed class FakeTemplateVersion
{
    /// <summary>The version id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The template it belongs to; <see cref="Guid.Empty"/> for a version pushed before its template was created.</summary>
    public Guid TemplateId { get; set; }

    /// <summary>The organization it was created in.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The version name.</summary>
    public required string Name { get; init; }

    /// <summary>The message it was created with.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The import job.</summary>
    public Guid JobId { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The Terraform variables its archive declares, with the values it was created with.</summary>
    public IReadOnlyList<FakeTemplateVariable> Variables { get; init; } = [];
}

/// <summary>A Terraform variable of a template version, read from the <c>variable "name" { ... }</c> blocks of its <c>.tf</c> files.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Required">True when the block has no <c>default</c>.</param>
/// <param name="Value">The value the version was created with (empty when none was given).</param>
public sealed record FakeTemplateVariable(string Name, bool Required, string Value);

/// <summary>An uploaded file (a template archive), kept once per content hash and uploader, as coderd keeps them.</summary>
public sealed class FakeFile
{
    /// <summary>The file id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The SHA-256 of the content, lowercase hex.</summary>
    public required string Hash { get; init; }

    /// <summary>Who uploaded it.</summary>
    public Guid CreatedById { get; init; }

    /// <summary>The media type it was uploaded with.</summary>
    public required string MediaType { get; init; }

    /// <summary>The content.</summary>
    public required byte[] Data { get; init; }

    /// <summary>When it was first uploaded.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A workspace.</summary>
public sealed class FakeWorkspace
{
    /// <summary>The workspace id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The owner.</summary>
    public Guid OwnerId { get; init; }

    /// <summary>The organization.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>The template.</summary>
    public Guid TemplateId { get; init; }

    /// <summary>The name, unique per owner.</summary>
    public required string Name { get; set; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When it was last used.</summary>
    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>Auto-stop after this many milliseconds, if set.</summary>
    public long? TtlMs { get; set; }

    /// <summary>The cron schedule for auto-start, if set.</summary>
    public string? AutostartSchedule { get; set; }

    /// <summary>Whether a delete build has succeeded.</summary>
    public bool Deleted { get; set; }

    /// <summary>When it became dormant, if it is.</summary>
    public DateTimeOffset? DormantAt { get; set; }

    /// <summary>Builds, oldest first.</summary>
    public List<Guid> BuildIds { get; } = [];
}

/// <summary>A workspace build.</summary>
public sealed class FakeBuild
{
    /// <summary>The build id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The workspace.</summary>
    public Guid WorkspaceId { get; init; }

    /// <summary>The sequence number within the workspace, from 1.</summary>
    public int BuildNumber { get; init; }

    /// <summary><c>start</c>, <c>stop</c> or <c>delete</c>.</summary>
    public required string Transition { get; init; }

    /// <summary><c>initiator</c>, <c>autostart</c>, <c>autostop</c>, ....</summary>
    public string Reason { get; init; } = "initiator";

    /// <summary>The template version built.</summary>
    public Guid TemplateVersionId { get; init; }

    /// <summary>Who started it.</summary>
    public Guid InitiatorId { get; init; }

    /// <summary>The provisioner job that runs it.</summary>
    public Guid JobId { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A provisioner job and its logs.</summary>
public sealed class FakeJob
{
    /// <summary>The job id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary><c>pending</c>, <c>running</c>, <c>succeeded</c>, <c>canceling</c>, <c>canceled</c> or <c>failed</c>.</summary>
    public string Status { get; set; } = "pending";

    /// <summary><c>workspace_build</c>, <c>template_version_import</c> or <c>template_version_dry_run</c>.</summary>
    public string Type { get; init; } = "workspace_build";

    /// <summary>The organization.</summary>
    public Guid OrganizationId { get; init; }

    /// <summary>Who queued it.</summary>
    public Guid InitiatorId { get; init; }

    /// <summary>The uploaded file it provisions.</summary>
    public Guid FileId { get; init; } = Guid.NewGuid();

    /// <summary>The provisioner tags it was queued with (beside <c>scope</c> and <c>owner</c>, which every job reports).</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>When it was queued.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When a provisioner picked it up.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When it was canceled.</summary>
    public DateTimeOffset? CanceledAt { get; set; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; set; }

    /// <summary>A machine-readable failure code such as <c>REQUIRED_TEMPLATE_VARIABLES</c>.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The log lines, in id order.</summary>
    public List<FakeLog> Logs { get; } = [];

    /// <summary>True when the job has reached an end state.</summary>
    public bool IsCompleted => Status is "succeeded" or "failed" or "canceled";
}

/// <summary>One provisioner log line.</summary>
/// <param name="Id">The line id, increasing across the server.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Source"><c>provisioner_daemon</c> or <c>provisioner</c>.</param>
/// <param name="Level"><c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c> or <c>error</c>.</param>
/// <param name="Stage">The build stage, e.g. <c>Planning infrastructure</c>.</param>
/// <param name="Output">The text.</param>
public sealed record FakeLog(long Id, DateTimeOffset CreatedAt, string Source, string Level, string Stage, string Output);
