using CoderSdk.Models;
using CoderSdk.Workflows;

namespace CoderSdk.Errors;

/// <summary>
/// A template version's import failed because values were missing: Terraform variables without a default that the
/// push did not supply (coderd's <c>REQUIRED_TEMPLATE_VARIABLES</c>), or required parameters
/// (<c>MISSING_TEMPLATE_PARAMETER</c>). <see cref="MissingVariables"/> and <see cref="MissingParameters"/> name them;
/// push again with values for them.
/// </summary>
public sealed class CoderTemplateVariablesMissingException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="templateVersion">The version whose import failed.</param>
    /// <param name="job">The import job as coderd reported it at the end.</param>
    /// <param name="missingVariables">The names of the required variables without a value.</param>
    /// <param name="missingParameters">The names of the required parameters without a value.</param>
    public CoderTemplateVariablesMissingException(Guid templateVersion, ProvisionerJob job, IReadOnlyList<string> missingVariables, IReadOnlyList<string> missingParameters)
        : base(Describe(templateVersion, job ?? throw new ArgumentNullException(nameof(job)), missingVariables ?? [], missingParameters ?? []))
    {
        TemplateVersion = templateVersion;
        Job = job;
        MissingVariables = missingVariables ?? [];
        MissingParameters = missingParameters ?? [];
    }

    /// <summary>The version whose import failed.</summary>
    public Guid TemplateVersion { get; }

    /// <summary>The import job as coderd reported it at the end.</summary>
    public ProvisionerJob Job { get; }

    /// <summary>The names of the Terraform variables that need a value (<see cref="TemplatePushOptions.UserVariableValues"/>), in coderd's order.</summary>
    public IReadOnlyList<string> MissingVariables { get; }

    /// <summary>The names of the required parameters that need a value, in coderd's order.</summary>
    public IReadOnlyList<string> MissingParameters { get; }

    /// <summary>coderd's <c>error_code</c> for the job.</summary>
    public JobErrorCode? ErrorCode => Job.ErrorCode is { Value.Length: > 0 } code ? code : null;

    private static string Describe(Guid version, ProvisionerJob job, IReadOnlyList<string> variables, IReadOnlyList<string> parameters)
    {
        var parts = new List<string>(2);
        if (variables.Count > 0)
        {
            parts.Add("variables " + string.Join(", ", variables));
        }

        if (parameters.Count > 0)
        {
            parts.Add("parameters " + string.Join(", ", parameters));
        }

        var what = parts.Count > 0 ? string.Join("; ", parts) : "values coderd did not list";
        var text = $"The import of template version {version} failed because required values are missing: {what}.";
        if (!string.IsNullOrWhiteSpace(job.Error))
        {
            text += " coderd: " + job.Error;
        }

        return text;
    }
}
