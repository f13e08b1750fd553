using CoderSdk.Models;

namespace CoderSdk.Errors;

/// <summary>
/// A provisioner job (a workspace build, template import or dry run) ended failed or canceled. <see cref="JobError"/>
/// and <see cref="ErrorCode"/> are coderd's own (<c>error</c> and <c>error_code</c>), for example
/// <c>INSUFFICIENT_QUOTA</c> (a <see cref="JobErrorCode"/>).
/// </summary>
public sealed class CoderJobFailedException : CoderException
{
    /// <summary>Creates the exception for a finished job.</summary>
    /// <param name="job">The job as coderd reported it at the end.</param>
    /// <param name="build">The workspace build the job ran, when it was one.</param>
    public CoderJobFailedException(ProvisionerJob job, WorkspaceBuild? build = null)
        : base(Describe(job ?? throw new ArgumentNullException(nameof(job)), build))
    {
        Job = job;
        Build = build;
    }

    /// <summary>The job as coderd reported it at the end.</summary>
    public ProvisionerJob Job { get; }

    /// <summary>The workspace build the job ran, when it was one.</summary>
    public WorkspaceBuild? Build { get; }

    /// <summary>The job's final status: <c>failed</c> or <c>canceled</c>.</summary>
    public ProvisionerJobStatus Status => Job.Status;

    /// <summary>True when the job was canceled rather than failed.</summary>
    public bool IsCanceled => Job.Status == ProvisionerJobStatus.Canceled;

    /// <summary>coderd's <c>error</c> text for the job (empty when it gave none).</summary>
    public string JobError => Job.Error ?? string.Empty;

    /// <summary>coderd's machine-readable <c>error_code</c>, when it gave one.</summary>
    public JobErrorCode? ErrorCode => Job.ErrorCode is { Value.Length: > 0 } code ? code : null;

    private static string Describe(ProvisionerJob job, WorkspaceBuild? build)
    {
        var what = build is null ? $"Provisioner job {job.Id}" : $"Workspace build {build.Id} ({build.Transition}, #{build.BuildNumber})";
        var text = $"{what} {(job.Status == ProvisionerJobStatus.Canceled ? "was canceled" : "failed")}";
        if (!string.IsNullOrWhiteSpace(job.Error))
        {
            text += ": " + job.Error;
        }

        if (job.ErrorCode is { Value.Length: > 0 } code)
        {
            text += $" [{code}]";
        }

        return text;
    }
}
