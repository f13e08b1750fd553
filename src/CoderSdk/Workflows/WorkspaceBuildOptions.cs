using CoderSdk.Models;

namespace CoderSdk.Workflows;

/// <summary>What a lifecycle build (start, stop, delete, update) should carry besides its transition.</summary>
public sealed class WorkspaceBuildOptions
{
    /// <summary>The template version to build; the previous build's version when null. Ignored by <c>UpdateWorkspaceAsync</c>.</summary>
    public Guid? TemplateVersionId { get; set; }

    /// <summary>Parameter values to set; they overwrite values of the same name and leave the others as they were.</summary>
    public IList<WorkspaceBuildParameter> RichParameterValues { get; } = [];

    /// <summary>Why the build is made, shown in the dashboard and audit log (coderd records <c>initiator</c> when null; servers before v2.29.0 ignore it).</summary>
    public CreateWorkspaceBuildReason? Reason { get; set; }

    /// <summary>Ask the provisioner for debug-level provider logs.</summary>
    public bool DebugLogs { get; set; }

    /// <summary>For a delete: remove the workspace from Coder without destroying its resources.</summary>
    public bool Orphan { get; set; }
}
