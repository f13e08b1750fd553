using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace CoderSdk.Testing;

/// <summary>
/// What a template push needs: file uploads (kept once per hash and uploader; 201 for a new file, 200 with the stored
/// id for a repeat), template versions created from a file with an import job that writes a log, their variables,
/// cancel, template lookup by name and creation, and promotion of a version to active.
/// </summary>
public sealed partial class FakeCoderServer
{
    private const long MaxUploadBytes = 100L << 20;

    private void MapPushEndpoints(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/files", (HttpContext c, CancellationToken aborted) => UploadFileAsync(c, aborted));
        app.MapGet("/api/v2/files/{fileID}", (HttpContext c, string fileID) =>
            ParseUuid(c, fileID, out var id) is { } bad ? bad
            : State.File(id) is { } file ? Results.Bytes(file.Data, file.MediaType) : NotFound(c));

        app.MapGet("/api/v2/organizations/{organization}/templates/{templatename}", (HttpContext c, string organization, string templatename) =>
            State.FindOrganization(Unescape(organization)) is { } org && State.FindTemplate(org.Id, Unescape(templatename)) is { } found
                ? Json(c, 200, FakeCoderJson.Template(found, State))
                : NotFound(c));
        app.MapPost("/api/v2/organizations/{organization}/templates", (HttpContext c, string organization) => CreateTemplateAsync(c, Unescape(organization)));
        app.MapPost("/api/v2/organizations/{organization}/templateversions", (HttpContext c, string organization) => CreateTemplateVersionAsync(c, Unescape(organization)));
        app.MapPatch("/api/v2/templates/{template}/versions", (HttpContext c, string template) => PromoteAsync(c, template));

        app.MapGet("/api/v2/templateversions/{templateversion}/variables", (HttpContext c, string templateversion) =>
            ParseUuid(c, templateversion, out var id) is { } bad ? bad
            : State.TemplateVersion(id) is { } version ? Json(c, 200, FakeCoderJson.Variables(version)) : NotFound(c));
        app.MapGet("/api/v2/templateversions/{templateversion}/rich-parameters", (HttpContext c, string templateversion) =>
            ParseUuid(c, templateversion, out var id) is { } bad ? bad
            : State.TemplateVersion(id) is not null ? Json(c, 200, new JsonArray()) : NotFound(c));
        app.MapPatch("/api/v2/templateversions/{templateversion}/cancel", (HttpContext c, string templateversion) =>
        {
            if (ParseUuid(c, templateversion, out var id) is { } bad)
            {
                return bad;
            }

            if (State.TemplateVersion(id) is not { } version)
            {
                return NotFound(c);
            }

            var job = State.Job(version.JobId)!;
            if (job.IsCompleted)
            {
                return Json(c, 400, FakeCoderJson.Error("Job has already completed!"));
            }

            return State.CancelJob(job.Id)
                ? Json(c, 200, FakeCoderJson.Error("Job has been marked as canceled..."))
                : Json(c, 400, FakeCoderJson.Error("Job has already been marked as canceled!"));
        });
    }

    private async Task<IResult> UploadFileAsync(HttpContext c, CancellationToken aborted)
    {
        var mediaType = c.Request.ContentType ?? string.Empty;
        if (mediaType != "application/x-tar")
        {
            // coderd also takes zip archives (and turns them into tar); the fake keeps to tar.
            return Json(c, 400, FakeCoderJson.Error($"Unsupported content type header \"{mediaType}\"."));
        }

        if (c.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxUploadBytes + 1;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await c.Request.Body.ReadAsync(chunk, aborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes)
            {
                return Json(c, 413, FakeCoderJson.Error("Request body too large.", $"Maximum request body size is {MaxUploadBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        var (file, created) = State.UploadFile(Caller(c), mediaType, buffer.ToArray());
        return Json(c, created ? 201 : 200, new JsonObject { ["hash"] = file.Id });
    }

    private async Task<IResult> CreateTemplateVersionAsync(HttpContext c, string organization)
    {
        if (State.FindOrganization(organization) is not { } org)
        {
            return NotFound(c);
        }

        if (await ReadBodyAsync(c).ConfigureAwait(false) is not JsonObject body)
        {
            return Json(c, 400, FakeCoderJson.Error("Request body must be valid JSON."));
        }

        if ((string?)body["storage_method"] != "file" || (string?)body["provisioner"] is not ("terraform" or "echo"))
        {
            return Json(c, 400, FakeCoderJson.Error("Invalid request to create a template version.", validations: [("storage_method", "Must be file"), ("provisioner", "Must be terraform or echo")]));
        }

        if (!TryGuid(body["file_id"], out var fileId))
        {
            return Json(c, 400, FakeCoderJson.Error("The fake only creates template versions from a file_id.", validations: [("file_id", "Required")]));
        }

        if (State.File(fileId) is not { } file)
        {
            return Json(c, 404, FakeCoderJson.Error("File not found."));
        }

        var templateId = Guid.Empty;
        if (TryGuid(body["template_id"], out var requested))
        {
            if (State.Template(requested) is not { } template || template.OrganizationId != org.Id)
            {
                return Json(c, 404, FakeCoderJson.Error("Template does not exist."));
            }

            templateId = requested;
        }

        var name = (string?)body["name"];
        if (!string.IsNullOrEmpty(name) && templateId != Guid.Empty && State.TemplateVersions(templateId).Any(v => v.Name == name))
        {
            return Json(c, 409, FakeCoderJson.Error($"A template version with name \"{name}\" already exists for this template.", validations: [("name", "Name is already in use")]));
        }

        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["tags"] is JsonObject given)
        {
            foreach (var (key, value) in given)
            {
                if (key is not ("scope" or "owner"))
                {
                    tags[key] = (string?)value ?? string.Empty;
                }
            }
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["user_variable_values"] is JsonArray pairs)
        {
            foreach (var pair in pairs.OfType<JsonObject>())
            {
                if ((string?)pair["name"] is { Length: > 0 } key)
                {
                    values[key] = (string?)pair["value"] ?? string.Empty;
                }
            }
        }

        var version = State.CreateTemplateVersion(org.Id, file, name, (string?)body["message"], templateId, tags, values, Caller(c));
        StartImport(version);
        return Json(c, 201, FakeCoderJson.TemplateVersion(version, State));
    }

    private async Task<IResult> CreateTemplateAsync(HttpContext c, string organization)
    {
        if (State.FindOrganization(organization) is not { } org)
        {
            return NotFound(c);
        }

        if (await ReadBodyAsync(c).ConfigureAwait(false) is not JsonObject body || (string?)body["name"] is not { Length: > 0 } name)
        {
            return Json(c, 400, FakeCoderJson.Error("Invalid create template request.", validations: [("name", "Required")]));
        }

        if (State.FindTemplate(org.Id, name) is not null)
        {
            return Json(c, 409, FakeCoderJson.Error($"Template with name \"{name}\" already exists.", validations: [("name", "This value is already in use and should be unique.")]));
        }

        if (!TryGuid(body["template_version_id"], out var versionId) || State.TemplateVersion(versionId) is not { } version)
        {
            return Json(c, 404, FakeCoderJson.Error($"Template version \"{(string?)body["template_version_id"]}\" does not exist."));
        }

        if (version.TemplateId != Guid.Empty)
        {
            return Json(c, 400, FakeCoderJson.Error($"Template version {versionId} is already part of a template"));
        }

        if (State.Job(version.JobId)!.Status != "succeeded")
        {
            return Json(c, 400, FakeCoderJson.Error("Only versions that have been built successfully can be used."));
        }

        var template = State.CreateTemplate(org.Id, name, version, Caller(c));
        return Json(c, 201, FakeCoderJson.Template(template, State));
    }

    private async Task<IResult> PromoteAsync(HttpContext c, string rawTemplate)
    {
        if (ParseUuid(c, rawTemplate, out var templateId) is { } bad)
        {
            return bad;
        }

        if (State.Template(templateId) is not { } template)
        {
            return NotFound(c);
        }

        if (await ReadBodyAsync(c).ConfigureAwait(false) is not JsonObject body || !TryGuid(body["id"], out var versionId))
        {
            return Json(c, 400, FakeCoderJson.Error("Invalid request.", validations: [("id", "Required")]));
        }

        if (State.TemplateVersion(versionId) is not { } version)
        {
            return Json(c, 404, FakeCoderJson.Error("Template version not found."));
        }

        if (version.TemplateId != template.Id)
        {
            return Json(c, 400, FakeCoderJson.Error("The provided template version doesn't belong to the specified template."));
        }

        if (State.Job(version.JobId)!.Status != "succeeded")
        {
            return Json(c, 400, FakeCoderJson.Error("Only versions that have been built successfully can be promoted."));
        }

        lock (State.Sync)
        {
            template.ActiveVersionId = version.Id;
        }

        return Json(c, 200, FakeCoderJson.Error("Updated the active template version!"));
    }

    /// <summary>Runs a template version's import in the background (when jobs advance on their own): running, a short log, then the end.</summary>
    private void StartImport(FakeTemplateVersion version)
    {
        if (!Options.AutoAdvanceJobs)
        {
            return;
        }

        RunJob(version.JobId, ImportLog(version));
    }

    /// <summary>The log lines an import writes, in order.</summary>
    private static IReadOnlyList<(string Stage, string Line)> ImportLog(FakeTemplateVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return
        [
            ("Setting up", $"[{version.Name}] unpacking the template archive"),
            ("Parsing template parameters", $"[{version.Name}] {version.Variables.Count} variable(s) declared"),
            ("Detecting persistent resources", $"[{version.Name}] terraform plan for start"),
            ("Detecting ephemeral resources", $"[{version.Name}] terraform plan for stop"),
            ("Cleaning Up", $"[{version.Name}] import finished"),
        ];
    }
}
