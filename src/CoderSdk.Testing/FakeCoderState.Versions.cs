namespace CoderSdk.Testing;

/// <summary>Template versions with import jobs that run, and template-version dry runs.</summary>
public sealed partial class FakeCoderState
{
    private readonly Dictionary<Guid, Guid> _dryRunVersions = [];

    /// <summary>Adds a template version whose import job is pending (advance it to run it).</summary>
    /// <param name="template">The template.</param>
    /// <param name="name">The version name.</param>
    /// <param name="activate">Make it the template's active version at once.</param>
    /// <returns>The version.</returns>
    public FakeTemplateVersion AddTemplateVersion(FakeTemplate template, string name, bool activate)
    {
        lock (Sync)
        {
            var job = new FakeJob { Type = "template_version_import", OrganizationId = template.OrganizationId, InitiatorId = Admin.Id, CreatedAt = Now };
            _jobs[job.Id] = job;
            var version = new FakeTemplateVersion { Name = name, TemplateId = template.Id, JobId = job.Id, CreatedAt = Now };
            _versions[version.Id] = version;
            if (activate)
            {
                template.ActiveVersionId = version.Id;
            }

            return version;
        }
    }

    /// <summary>Queues a dry run of a template version; its job is pending until advanced.</summary>
    /// <param name="version">The version.</param>
    /// <returns>The dry-run job.</returns>
    public FakeJob CreateDryRun(FakeTemplateVersion version)
    {
        lock (Sync)
        {
            var job = new FakeJob { Type = "template_version_dry_run", OrganizationId = DefaultOrganization.Id, InitiatorId = Admin.Id, CreatedAt = Now };
            _jobs[job.Id] = job;
            _dryRunVersions[job.Id] = version.Id;
            return job;
        }
    }

    /// <summary>Finds a dry-run job of a template version.</summary>
    public FakeJob? DryRun(Guid versionId, Guid jobId)
    {
        lock (Sync)
        {
            return _dryRunVersions.TryGetValue(jobId, out var owner) && owner == versionId ? _jobs[jobId] : null;
        }
    }

}
