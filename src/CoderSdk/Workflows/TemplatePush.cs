using System.Security.Cryptography;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Models;

namespace CoderSdk.Workflows;

/// <summary>
/// The template push: look the template up by name within the organization, upload the archive, create a version
/// from it, follow the import job's log, then create the template or make the version active. Everything goes through
/// <see cref="ICoderClient"/>'s areas and streams; only the upload's status (new file or one coderd already held) needs
/// the connection of a <see cref="CoderClient"/>.
/// </summary>
internal static class TemplatePush
{
    private const string TarMediaType = "application/x-tar";
    // The codes as strings, not the generated JobErrorCode members: older coderd specs (v2.24.0, v2.29.0) lack the
    // member for REQUIRED_TEMPLATE_VARIABLES, and the SDK builds against every supported release's spec.
    private const string RequiredVariablesCode = "REQUIRED_TEMPLATE_VARIABLES";
    private const string MissingParameterCode = "MISSING_TEMPLATE_PARAMETER";

    /// <summary>How long the best-effort cancel of an abandoned import may take.</summary>
    private static readonly TimeSpan CancelPatience = TimeSpan.FromSeconds(10);

    public static async Task<byte[]> ReadStreamAsync(Stream archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await archive.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > CoderTemplateArchive.UploadLimit)
            {
                throw CoderTemplateArchiveException.TooLarge(null, buffer.Length + read, CoderTemplateArchive.UploadLimit, []);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static async Task<TemplatePushResult> PushAsync(ICoderClient client, byte[] archive, TemplatePushOptions options, CancellationToken cancellationToken)
    {
        var template = await FindTemplateAsync(client, options, cancellationToken).ConfigureAwait(false);
        var tags = options.ProvisionerTags;
        if (tags is null && template is not null && template.ActiveVersionId != Guid.Empty)
        {
            var active = await client.Templates.GetVersionAsync(template.ActiveVersionId, cancellationToken).ConfigureAwait(false);
            tags = active.Job.Tags;
        }

        var (fileId, reused) = await UploadAsync(client, archive, cancellationToken).ConfigureAwait(false);
        var version = await client.Templates.CreateVersionAsync(options.Organization, new CreateTemplateVersionRequest
        {
            Name = options.VersionName,
            Message = options.Message,
            StorageMethod = ProvisionerStorageMethod.File,
            FileId = fileId,
            Provisioner = "terraform",
            Tags = tags,
            TemplateId = template?.Id,
            UserVariableValues = options.UserVariableValues?.Select(v => new VariableValue { Name = v.Key, Value = v.Value }).ToList(),
        }, cancellationToken).ConfigureAwait(false);

        version = await WaitForImportAsync(client, version.Id, options, cancellationToken).ConfigureAwait(false);

        var created = template is null;
        var activated = created;
        if (template is null)
        {
            template = await client.Templates.CreateAsync(options.Organization, new CreateTemplateRequest
            {
                Name = options.TemplateName,
                TemplateVersionId = version.Id,
            }, cancellationToken).ConfigureAwait(false);
            version = await client.Templates.GetVersionAsync(version.Id, cancellationToken).ConfigureAwait(false);
        }
        else if (options.Activate)
        {
            await client.Templates.UpdateActiveVersionAsync(template.Id, new UpdateActiveTemplateVersion { Id = version.Id }, cancellationToken).ConfigureAwait(false);
            template = await client.Templates.GetAsync(template.Id, cancellationToken).ConfigureAwait(false);
            activated = true;
        }

        return new TemplatePushResult
        {
            Template = template,
            Version = version,
            Created = created,
            Activated = activated,
            FileId = fileId,
            UploadReused = reused,
            ArchiveSha256 = Convert.ToHexString(SHA256.HashData(archive)).ToLowerInvariant(),
            ArchiveSize = archive.Length,
        };
    }

    public static void Validate(ICoderClient client, TemplatePushOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.TemplateName))
        {
            throw new ArgumentException("TemplatePushOptions.TemplateName is empty; name the template to push.", nameof(options));
        }
    }

    /// <summary>The template of that name in the organization; null when there is none and the push may create it.</summary>
    private static async Task<Template?> FindTemplateAsync(ICoderClient client, TemplatePushOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Templates.GetByNameAsync(options.Organization, options.TemplateName, cancellationToken).ConfigureAwait(false);
        }
        catch (CoderNotFoundException) when (options.CreateIfMissing)
        {
            return null;
        }
    }

    private static async Task<(Guid Id, bool Reused)> UploadAsync(ICoderClient client, byte[] archive, CancellationToken cancellationToken)
    {
        // coderd answers 200 with the id it already has for these bytes (same hash, same user), 201 for a new file;
        // the generated call returns only the body, so a view of the client shows the status.
        System.Net.HttpStatusCode? status = null;
        var view = client.WithCallOptions(new CoderCallOptions { ResponseReceived = response => status = response.StatusCode });
        using var body = new MemoryStream(archive, writable: false);
        var upload = await view.Files.UploadAsync(TarMediaType, body, cancellationToken).ConfigureAwait(false);
        return (upload.Hash, status == System.Net.HttpStatusCode.OK);
    }

    private static async Task<TemplateVersion> WaitForImportAsync(ICoderClient client, Guid versionId, TemplatePushOptions options, CancellationToken cancellationToken)
    {
        TemplateVersion version;
        try
        {
            await foreach (var line in client.Streams.FollowTemplateVersionLogsAsync(versionId, 0, cancellationToken).ConfigureAwait(false))
            {
                options.Progress?.Report(line);
            }

            // The log ends only once the job has finished (the stream checks), so this read sees the final state.
            version = await client.Templates.GetVersionAsync(versionId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelImportAsync(client, versionId).ConfigureAwait(false);
            throw;
        }

        var job = version.Job;
        if (job.Status == ProvisionerJobStatus.Succeeded)
        {
            return version;
        }

        if (job.Status == ProvisionerJobStatus.Failed && job.ErrorCode is { } code)
        {
            if (code.Value == RequiredVariablesCode)
            {
                var variables = await client.Templates.GetVersionVariablesAsync(versionId, cancellationToken).ConfigureAwait(false);
                var missing = variables
                    .Where(v => v.Required && string.IsNullOrEmpty(v.Value) &&
                        !(options.UserVariableValues?.TryGetValue(v.Name, out var given) == true && !string.IsNullOrEmpty(given)))
                    .Select(v => v.Name)
                    .ToList();
                throw new CoderTemplateVariablesMissingException(versionId, job, missing, []);
            }

            if (code.Value == MissingParameterCode)
            {
                var parameters = await client.Templates.GetVersionRichParametersAsync(versionId, cancellationToken).ConfigureAwait(false);
                var missing = parameters.Where(p => p.Required && string.IsNullOrEmpty(p.DefaultValue)).Select(p => p.Name).ToList();
                throw new CoderTemplateVariablesMissingException(versionId, job, [], missing);
            }
        }

        throw new CoderJobFailedException(job);
    }

    /// <summary>Asks coderd to cancel an import the caller gave up on; a failure (or a slow answer) is not the caller's concern.</summary>
    private static async Task CancelImportAsync(ICoderClient client, Guid versionId)
    {
        // The view's timeout runs on the client's own clock, so a test's fake time drives it too.
        var patient = client.WithCallOptions(new CoderCallOptions { Timeout = CancelPatience });
        try
        {
            await patient.Templates.CancelVersionAsync(versionId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ICoderException or HttpRequestException or OperationCanceledException or TimeoutException or Polly.ExecutionRejectedException)
        {
            // Best effort: the job may have finished meanwhile (coderd answers 400), or coderd may be unreachable.
        }
    }
}
