using System.Globalization;
using System.Text.Json.Nodes;

namespace CoderSdk.Testing;

/// <summary>
/// Writes entities as coderd does: snake_case names, RFC 3339 times with nanosecond fractions, <c>null</c> where Go
/// sends nil pointers or nil slices. Built by hand (not from the SDK's models) so the fake server checks the SDK
/// instead of agreeing with it.
/// </summary>
internal static partial class FakeCoderJson
{
    public static string Time(DateTimeOffset value) =>
        // Go's time.RFC3339Nano drops trailing zeros; pad to 9 digits here to exercise the SDK's parser.
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";

    public static JsonNode? Time(DateTimeOffset? value) => value is { } v ? Time(v) : null;

    public static JsonObject Error(string message, string? detail = null, IEnumerable<(string Field, string Detail)>? validations = null)
    {
        var body = new JsonObject { ["message"] = message };
        if (detail is not null)
        {
            body["detail"] = detail;
        }

        if (validations is not null)
        {
            var list = new JsonArray();
            foreach (var (field, why) in validations)
            {
                list.Add((JsonNode)new JsonObject { ["field"] = field, ["detail"] = why });
            }

            body["validations"] = list;
        }

        return body;
    }

    public static JsonObject BuildInfo(Uri baseUrl, string version) => new()
    {
        ["external_url"] = baseUrl.GetLeftPart(UriPartial.Authority),
        ["version"] = version,
        ["dashboard_url"] = baseUrl.GetLeftPart(UriPartial.Authority),
        ["telemetry"] = false,
        ["workspace_proxy"] = false,
        ["agent_api_version"] = "2.6",
        ["provisioner_api_version"] = "1.7",
        ["upgrade_message"] = string.Empty,
        ["deployment_id"] = "00000000-fake-4000-8000-000000000000",
    };

    public static JsonObject User(FakeUser user, FakeCoderState state)
    {
        var roles = new JsonArray();
        foreach (var role in user.Roles)
        {
            roles.Add((JsonNode)new JsonObject { ["name"] = role, ["display_name"] = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(role) });
        }

        return new JsonObject
        {
            ["id"] = user.Id,
            ["username"] = user.Username,
            ["name"] = user.Name,
            ["email"] = user.Email,
            ["created_at"] = Time(user.CreatedAt),
            ["updated_at"] = Time(user.CreatedAt),
            ["last_seen_at"] = Time(state.Now),
            ["status"] = user.Status,
            ["login_type"] = "password",
            ["theme_preference"] = string.Empty,
            ["organization_ids"] = new JsonArray(state.DefaultOrganization.Id),
            // Go's nil slice: a user with no roles is sent as null, not [].
            ["roles"] = roles.Count == 0 ? null : roles,
            ["avatar_url"] = string.Empty,
            ["is_service_account"] = false,
            ["has_ai_seat"] = false,
        };
    }

    public static JsonObject Organization(FakeOrganization organization, FakeCoderState state) => new()
    {
        ["id"] = organization.Id,
        ["name"] = organization.Name,
        ["display_name"] = organization.DisplayName,
        ["description"] = string.Empty,
        ["icon"] = string.Empty,
        ["created_at"] = Time(organization.CreatedAt),
        ["updated_at"] = Time(organization.CreatedAt),
        ["is_default"] = organization.Id == state.DefaultOrganization.Id,
        ["default_org_member_roles"] = new JsonArray(),
    };

    public static JsonObject Template(FakeTemplate template, FakeCoderState state)
    {
        var org = state.Organization(template.OrganizationId)!;
        var creator = state.User(template.CreatedById);
        return new JsonObject
        {
            ["id"] = template.Id,
            ["created_at"] = Time(template.CreatedAt),
            ["updated_at"] = Time(template.CreatedAt),
            ["organization_id"] = org.Id,
            ["organization_name"] = org.Name,
            ["organization_display_name"] = org.DisplayName,
            ["organization_icon"] = string.Empty,
            ["name"] = template.Name,
            ["display_name"] = template.DisplayName,
            ["provisioner"] = "terraform",
            ["active_version_id"] = template.ActiveVersionId,
            ["active_user_count"] = 1,
            ["build_time_stats"] = new JsonObject
            {
                ["start"] = new JsonObject { ["P50"] = 1200, ["P95"] = 4100 },
                ["stop"] = new JsonObject { ["P50"] = null, ["P95"] = null },
                ["delete"] = new JsonObject { ["P50"] = null, ["P95"] = null },
            },
            ["description"] = "A template served by the fake Coder server.",
            ["deprecated"] = false,
            ["deprecation_message"] = string.Empty,
            ["icon"] = template.Icon,
            ["default_ttl_ms"] = 28_800_000,
            ["activity_bump_ms"] = 3_600_000,
            ["autostop_requirement"] = new JsonObject { ["days_of_week"] = new JsonArray(), ["weeks"] = 1 },
            ["autostart_requirement"] = new JsonObject { ["days_of_week"] = new JsonArray("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday") },
            ["created_by_id"] = template.CreatedById,
            ["created_by_name"] = creator?.Username ?? string.Empty,
            ["allow_user_autostart"] = true,
            ["allow_user_autostop"] = true,
            ["allow_user_cancel_workspace_jobs"] = true,
            ["failure_ttl_ms"] = 0,
            ["time_til_dormant_ms"] = 0,
            ["time_til_dormant_autodelete_ms"] = 0,
            ["require_active_version"] = false,
            ["max_port_share_level"] = "owner",
            ["use_classic_parameter_flow"] = false,
            ["cors_behavior"] = "simple",
            ["deleted"] = false,
            ["disable_module_cache"] = false,
            ["time_til_autostop_notify_ms"] = 0,
        };
    }

    private static JsonObject Tags(FakeJob job)
    {
        var tags = new JsonObject { ["scope"] = "organization", ["owner"] = string.Empty };
        foreach (var (key, value) in job.Tags)
        {
            tags[key] = value;
        }

        return tags;
    }

    public static JsonObject Job(FakeJob job, FakeBuild? build, FakeWorkspace? workspace, FakeCoderState state)
    {
        var body = new JsonObject
        {
            ["id"] = job.Id,
            ["created_at"] = Time(job.CreatedAt),
            ["started_at"] = Time(job.StartedAt),
            ["completed_at"] = Time(job.CompletedAt),
            ["canceled_at"] = Time(job.CanceledAt),
            ["error"] = job.Error,
            ["error_code"] = job.ErrorCode,
            ["status"] = job.Status,
            ["worker_id"] = job.StartedAt is null ? null : "7b0b5a0e-0000-4000-8000-00000000da7a",
            ["worker_name"] = job.StartedAt is null ? null : "fake-provisioner",
            ["file_id"] = job.FileId,
            ["tags"] = Tags(job),
            ["queue_position"] = job.Status == "pending" ? 1 : 0,
            ["queue_size"] = job.Status == "pending" ? 1 : 0,
            ["organization_id"] = job.OrganizationId,
            ["initiator_id"] = job.InitiatorId,
            ["input"] = new JsonObject
            {
                ["workspace_build_id"] = build?.Id,
                ["template_version_id"] = build?.TemplateVersionId,
            },
            ["type"] = job.Type,
            // Go's nil slice.
            ["available_workers"] = null,
            ["logs_overflowed"] = false,
        };
        if (build is not null && workspace is not null)
        {
            var template = state.Template(workspace.TemplateId)!;
            var version = state.TemplateVersion(build.TemplateVersionId);
            body["metadata"] = new JsonObject
            {
                ["template_version_name"] = version?.Name ?? string.Empty,
                ["template_id"] = template.Id,
                ["template_name"] = template.Name,
                ["template_display_name"] = template.DisplayName,
                ["template_icon"] = template.Icon,
                ["workspace_id"] = workspace.Id,
                ["workspace_name"] = workspace.Name,
                ["workspace_build_transition"] = build.Transition,
            };
        }

        return body;
    }

    public static JsonObject Build(FakeBuild build, FakeCoderState state)
    {
        var workspace = state.Workspace(build.WorkspaceId)!;
        var owner = state.User(workspace.OwnerId)!;
        var initiator = state.User(build.InitiatorId);
        var job = state.Job(build.JobId)!;
        var version = state.TemplateVersion(build.TemplateVersionId);
        return new JsonObject
        {
            ["id"] = build.Id,
            ["created_at"] = Time(build.CreatedAt),
            ["updated_at"] = Time(job.CompletedAt ?? job.StartedAt ?? build.CreatedAt),
            ["workspace_id"] = workspace.Id,
            ["workspace_name"] = workspace.Name,
            ["workspace_owner_id"] = owner.Id,
            ["workspace_owner_name"] = owner.Username,
            ["workspace_owner_avatar_url"] = string.Empty,
            ["template_version_id"] = build.TemplateVersionId,
            ["template_version_name"] = version?.Name ?? string.Empty,
            ["build_number"] = build.BuildNumber,
            ["transition"] = build.Transition,
            ["initiator_id"] = build.InitiatorId,
            ["initiator_name"] = initiator?.Username ?? string.Empty,
            ["job"] = Job(job, build, workspace, state),
            ["reason"] = build.Reason,
            // Agents and resources appear once the build has run; Go sends an empty list, not nil, here.
            ["resources"] = Resources(build, state),
            ["deadline"] = job.Status == "succeeded" && build.Transition == "start" ? Time(job.CompletedAt!.Value.AddHours(8)) : null,
            ["max_deadline"] = null,
            ["status"] = state.WorkspaceStatus(build),
            ["daily_cost"] = 0,
            ["matched_provisioners"] = new JsonObject { ["count"] = 1, ["available"] = 1, ["most_recently_seen"] = Time(state.Now) },
            ["template_version_preset_id"] = null,
            ["has_ai_task"] = false,
            ["has_external_agent"] = false,
        };
    }

    public static JsonObject Workspace(FakeWorkspace workspace, FakeCoderState state)
    {
        var owner = state.User(workspace.OwnerId)!;
        var org = state.Organization(workspace.OrganizationId)!;
        var template = state.Template(workspace.TemplateId)!;
        var latest = state.LatestBuild(workspace);
        return new JsonObject
        {
            ["id"] = workspace.Id,
            ["created_at"] = Time(workspace.CreatedAt),
            ["updated_at"] = Time(workspace.UpdatedAt),
            ["owner_id"] = owner.Id,
            ["owner_name"] = owner.Username,
            ["owner_avatar_url"] = string.Empty,
            ["organization_id"] = org.Id,
            ["organization_name"] = org.Name,
            ["template_id"] = template.Id,
            ["template_name"] = template.Name,
            ["template_display_name"] = template.DisplayName,
            ["template_icon"] = template.Icon,
            ["template_allow_user_cancel_workspace_jobs"] = true,
            ["template_active_version_id"] = template.ActiveVersionId,
            ["template_require_active_version"] = false,
            ["template_use_classic_parameter_flow"] = false,
            ["latest_build"] = Build(latest, state),
            ["latest_app_status"] = null,
            ["outdated"] = latest.TemplateVersionId != template.ActiveVersionId,
            ["name"] = workspace.Name,
            ["autostart_schedule"] = workspace.AutostartSchedule,
            ["ttl_ms"] = workspace.TtlMs,
            ["last_used_at"] = Time(workspace.LastUsedAt),
            ["deleting_at"] = null,
            ["dormant_at"] = Time(workspace.DormantAt),
            ["health"] = new JsonObject { ["healthy"] = true, ["failing_agents"] = new JsonArray() },
            ["automatic_updates"] = "never",
            ["allow_renames"] = false,
            ["favorite"] = false,
            ["next_start_at"] = null,
            ["is_prebuild"] = false,
        };
    }

    public static JsonObject Log(FakeLog log) => new()
    {
        ["id"] = log.Id,
        ["created_at"] = Time(log.CreatedAt),
        ["log_source"] = log.Source,
        ["log_level"] = log.Level,
        ["stage"] = log.Stage,
        ["output"] = log.Output,
    };
}
