using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Models;

namespace CoderSdk.Workflows;

/// <summary>What <see cref="CoderClientWorkflowExtensions.PushTemplateAsync(ICoderClient, string, TemplatePushOptions, CancellationToken)"/> pushes, where, and what it does afterwards.</summary>
public sealed class TemplatePushOptions
{
    /// <summary>The template's name within <see cref="Organization"/>; a template of that name in another organization is a different template.</summary>
    public required string TemplateName { get; init; }

    /// <summary>
    /// The organization the template belongs to (or will be created in): its ID, its name, or
    /// <see cref="CoderOrganization.Default"/> (the default when not set).
    /// </summary>
    public CoderOrganization Organization { get; init; } = CoderOrganization.Default;

    /// <summary>The new version's name; coderd makes one up when null.</summary>
    public string? VersionName { get; init; }

    /// <summary>The new version's message (what changed); coderd leaves it empty when null.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Tags that pick the provisioners allowed to import the version. When null and the template exists, the tags of
    /// its active version are used again (as <c>coder templates push</c> does); an empty dictionary sends none.
    /// </summary>
    public IReadOnlyDictionary<string, string>? ProvisionerTags { get; init; }

    /// <summary>Values for the template's Terraform variables, by variable name.</summary>
    public IReadOnlyDictionary<string, string>? UserVariableValues { get; init; }

    /// <summary>Make the new version the template's active one when the template already exists. On by default; a newly created template always starts on it.</summary>
    public bool Activate { get; init; } = true;

    /// <summary>Create the template when the organization has none of that name. On by default; when off, a missing template is a <see cref="CoderNotFoundException"/> before anything is uploaded.</summary>
    public bool CreateIfMissing { get; init; } = true;

    /// <summary>Receives each line of the import job's log as it arrives, in order.</summary>
    public IProgress<ProvisionerJobLog>? Progress { get; init; }
}
