namespace CoderSdk.Testing;

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
