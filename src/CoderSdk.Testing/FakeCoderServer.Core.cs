using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CoderSdk.Testing;

/// <summary>The REST endpoints of the fake server: users, templates, workspaces, builds and their logs.</summary>
public sealed partial class FakeCoderServer
{
    private static readonly Regex WorkspaceNamePattern = new("^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$", RegexOptions.CultureInvariant);

    private void MapCoreEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("OK"));
        app.MapGet("/api/v2/buildinfo", (HttpContext c) => Json(c, 200, FakeCoderJson.BuildInfo(BaseUrl, ClaimedVersion)));

        app.MapGet("/api/v2/users", (HttpContext c) =>
        {
            var users = State.Users;
            var list = new JsonArray([.. users.Select(u => (JsonNode)FakeCoderJson.User(u, State))]);
            return Json(c, 200, new JsonObject { ["users"] = list, ["count"] = users.Count });
        });
        app.MapGet("/api/v2/users/{user}", (HttpContext c, string user) =>
            State.FindUser(Unescape(user), Caller(c)) is { } found ? Json(c, 200, FakeCoderJson.User(found, State)) : NotFound(c));

        app.MapGet("/api/v2/templates", (HttpContext c) =>
            Json(c, 200, new JsonArray([.. State.Templates.Select(t => (JsonNode)FakeCoderJson.Template(t, State))])));
        // Every {organization} segment is read as coderd reads it: an ID, a name, or "default" (FakeCoderState.FindOrganization).
        app.MapGet("/api/v2/organizations", (HttpContext c) =>
            Json(c, 200, new JsonArray([.. State.Organizations.Select(o => (JsonNode)FakeCoderJson.Organization(o, State))])));
        app.MapGet("/api/v2/organizations/{organization}", (HttpContext c, string organization) =>
            State.FindOrganization(Unescape(organization)) is { } org ? Json(c, 200, FakeCoderJson.Organization(org, State)) : NotFound(c));
        app.MapGet("/api/v2/users/{user}/organizations/{organizationname}", (HttpContext c, string user, string organizationname) =>
            // Every fake user is a member of the default organization only (their organization_ids say so).
            State.FindUser(Unescape(user), Caller(c)) is not null && State.FindOrganization(Unescape(organizationname)) is { } org && org.Id == State.DefaultOrganization.Id
                ? Json(c, 200, FakeCoderJson.Organization(org, State))
                : NotFound(c));
        app.MapGet("/api/v2/organizations/{organization}/templates", (HttpContext c, string organization) =>
            State.FindOrganization(Unescape(organization)) is { } org
                ? Json(c, 200, new JsonArray([.. State.Templates.Where(t => t.OrganizationId == org.Id).Select(t => (JsonNode)FakeCoderJson.Template(t, State))]))
                : NotFound(c));
        app.MapGet("/api/v2/templates/{template}", (HttpContext c, string template) =>
            ParseUuid(c, template, out var id) is { } bad ? bad
            : State.Template(id) is { } found ? Json(c, 200, FakeCoderJson.Template(found, State)) : NotFound(c));

        app.MapGet("/api/v2/workspaces", ListWorkspaces);
        app.MapGet("/api/v2/workspaces/{workspace}", (HttpContext c, string workspace) =>
        {
            if (ParseUuid(c, workspace, out var id) is { } bad)
            {
                return bad;
            }

            var includeDeleted = c.Request.Query["include_deleted"] == "true";
            return State.Workspace(id) is { } found && (!found.Deleted || includeDeleted) ? Json(c, 200, FakeCoderJson.Workspace(found, State)) : NotFound(c);
        });
        app.MapGet("/api/v2/users/{user}/workspace/{workspacename}", (HttpContext c, string user, string workspacename) =>
        {
            var owner = State.FindUser(Unescape(user), Caller(c));
            var found = owner is null ? null : State.FindWorkspace(owner.Id, Unescape(workspacename));
            return found is null ? NotFound(c) : Json(c, 200, FakeCoderJson.Workspace(found, State));
        });
        app.MapPost("/api/v2/users/{user}/workspaces", (HttpContext c, string user) => CreateWorkspaceAsync(c, Unescape(user)));
        app.MapPost("/api/v2/organizations/{organization}/members/{user}/workspaces", (HttpContext c, string organization, string user) =>
            State.FindOrganization(Unescape(organization)) is null ? Task.FromResult(NotFound(c)) : CreateWorkspaceAsync(c, Unescape(user)));

        app.MapGet("/api/v2/workspaces/{workspace}/builds", (HttpContext c, string workspace) =>
        {
            if (ParseUuid(c, workspace, out var id) is { } bad)
            {
                return bad;
            }

            if (State.Workspace(id) is not { } found)
            {
                return NotFound(c);
            }

            var builds = found.BuildIds.AsEnumerable().Reverse().Select(b => (JsonNode)FakeCoderJson.Build(State.Build(b)!, State));
            return Json(c, 200, new JsonArray([.. builds]));
        });
        app.MapPost("/api/v2/workspaces/{workspace}/builds", CreateBuildAsync);
        app.MapGet("/api/v2/workspacebuilds/{workspacebuild}", (HttpContext c, string workspacebuild) =>
            ParseUuid(c, workspacebuild, out var id) is { } bad ? bad
            : State.Build(id) is { } build ? Json(c, 200, FakeCoderJson.Build(build, State)) : NotFound(c));
        app.MapPatch("/api/v2/workspacebuilds/{workspacebuild}/cancel", (HttpContext c, string workspacebuild) =>
        {
            if (ParseUuid(c, workspacebuild, out var id) is { } bad)
            {
                return bad;
            }

            if (State.Build(id) is not { } build)
            {
                return NotFound(c);
            }

            return State.CancelJob(build.JobId)
                ? Json(c, 200, FakeCoderJson.Error("Job has been marked as canceled..."))
                : Json(c, 400, FakeCoderJson.Error("Job has already completed!"));
        });
        app.MapGet("/api/v2/workspacebuilds/{workspacebuild}/logs", (HttpContext c, string workspacebuild) =>
        {
            if (ParseUuid(c, workspacebuild, out var id) is { } bad)
            {
                return bad;
            }

            if (State.Build(id) is not { } build)
            {
                return NotFound(c);
            }

            long.TryParse(c.Request.Query["after"], out var after);
            long.TryParse(c.Request.Query["before"], out var before);
            var logs = State.Logs(build.JobId, after, before);
            return Json(c, 200, new JsonArray([.. logs.Select(l => (JsonNode)FakeCoderJson.Log(l))]));
        });
    }

    private IResult ListWorkspaces(HttpContext c)
    {
        var caller = Caller(c);
        var filter = FakeWorkspaceFilter.Parse(c.Request.Query["q"].ToString());
        if (filter.Error is { } error)
        {
            return Json(c, 400, FakeCoderJson.Error("Invalid workspace search query.", validations: [("q", error)]));
        }

        var matches = State.Workspaces.Where(w => filter.Matches(w, State, caller)).ToList();
        var offset = int.TryParse(c.Request.Query["offset"], out var o) ? Math.Max(0, o) : 0;
        var limit = int.TryParse(c.Request.Query["limit"], out var l) && l > 0 ? l : int.MaxValue;
        var page = matches.Skip(offset).Take(limit).Select(w => (JsonNode)FakeCoderJson.Workspace(w, State));
        return Json(c, 200, new JsonObject { ["workspaces"] = new JsonArray([.. page]), ["count"] = matches.Count });
    }

    private async Task<IResult> CreateWorkspaceAsync(HttpContext c, string userKey)
    {
        var owner = State.FindUser(userKey, Caller(c));
        if (owner is null)
        {
            return NotFound(c);
        }

        var body = await ReadBodyAsync(c).ConfigureAwait(false);
        if (body is null)
        {
            return Json(c, 400, FakeCoderJson.Error("Request body must be valid JSON."));
        }

        var name = body["name"]?.GetValue<string>() ?? string.Empty;
        if (name.Length is 0 or > 32 || !WorkspaceNamePattern.IsMatch(name))
        {
            return Json(c, 400, FakeCoderJson.Error("Validation failed.", validations: [("name", "Validation failed for tag \"workspace_name\" with value: \"" + name + "\"")]));
        }

        FakeTemplate? template = null;
        Guid? versionId = null;
        if (TryGuid(body["template_version_id"], out var version) && State.TemplateVersion(version) is { } v)
        {
            template = State.Template(v.TemplateId);
            versionId = version;
        }
        else if (TryGuid(body["template_id"], out var templateId))
        {
            template = State.Template(templateId);
        }

        if (template is null)
        {
            return Json(c, 400, FakeCoderJson.Error("Template not found.", validations: [("template_id", "Template does not exist.")]));
        }

        FakeWorkspace workspace;
        FakeBuild build;
        lock (State.Sync)
        {
            if (State.FindWorkspace(owner.Id, name) is not null)
            {
                return Json(c, 409, FakeCoderJson.Error($"Workspace \"{name}\" already exists.", validations: [("name", "This value is already in use and should be unique.")]));
            }

            (workspace, build) = State.CreateWorkspace(owner, template, name, versionId);
            if (body["ttl_ms"] is JsonValue ttl && ttl.TryGetValue<long>(out var ttlMs))
            {
                workspace.TtlMs = ttlMs;
            }

            workspace.AutostartSchedule = body["autostart_schedule"]?.GetValue<string>();
        }

        StartJob(build, workspace);
        return Json(c, 201, FakeCoderJson.Workspace(workspace, State));
    }

    private async Task<IResult> CreateBuildAsync(HttpContext c, string workspace)
    {
        if (ParseUuid(c, workspace, out var id) is { } bad)
        {
            return bad;
        }

        if (State.Workspace(id) is not { } found || found.Deleted)
        {
            return NotFound(c);
        }

        var body = await ReadBodyAsync(c).ConfigureAwait(false);
        var transition = body?["transition"]?.GetValue<string>();
        if (transition is not ("start" or "stop" or "delete"))
        {
            return Json(c, 400, FakeCoderJson.Error("Validation failed.", validations: [("transition", $"Validation failed for tag \"oneof\" with value: \"{transition}\"")]));
        }

        Guid? versionId = TryGuid(body!["template_version_id"], out var v) ? v : null;
        if (versionId is { } requested && State.TemplateVersion(requested) is null)
        {
            return Json(c, 400, FakeCoderJson.Error("Template version not found.", validations: [("template_version_id", "not found")]));
        }

        var reason = body["reason"]?.GetValue<string>() ?? "initiator";
        FakeBuild build;
        lock (State.Sync)
        {
            if (State.ActiveBuild(found) is { } active)
            {
                return Json(c, 409, FakeCoderJson.Error("Cannot create a new build while another build is active.", $"active build: {active.Id}"));
            }

            build = State.CreateBuild(found, transition, versionId, Caller(c), reason);
        }

        StartJob(build, found);
        return Json(c, 201, FakeCoderJson.Build(build, State));
    }

    private static async Task<JsonNode?> ReadBodyAsync(HttpContext c)
    {
        try
        {
            return await JsonNode.ParseAsync(c.Request.Body, cancellationToken: c.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGuid(JsonNode? node, out Guid value)
    {
        value = Guid.Empty;
        return node is JsonValue v && v.TryGetValue<string>(out var s) && Guid.TryParse(s, out value) && value != Guid.Empty;
    }

    internal static IResult? ParseUuid(HttpContext c, string raw, out Guid id)
    {
        if (Guid.TryParse(raw, out id))
        {
            return null;
        }

        return Json(c, 400, FakeCoderJson.Error($"Invalid UUID \"{raw}\".", "invalid UUID length: " + raw.Length));
    }

    internal static string Unescape(string value) => Uri.UnescapeDataString(value);
}
