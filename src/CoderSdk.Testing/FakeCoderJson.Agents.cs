using System.Text.Json.Nodes;

namespace CoderSdk.Testing;

/// <summary>coderd's shapes for resources, agents, agent logs and metadata, and template versions.</summary>
internal static partial class FakeCoderJson
{
    public static JsonArray Resources(FakeBuild build, FakeCoderState state)
    {
        var agents = state.AgentsOf(build);
        if (agents.Count == 0)
        {
            return [];
        }

        var job = state.Job(build.JobId)!;
        var resource = new JsonObject
        {
            ["id"] = agents[0].ResourceId,
            ["created_at"] = Time(job.CompletedAt ?? build.CreatedAt),
            ["job_id"] = build.JobId,
            ["workspace_transition"] = build.Transition,
            ["type"] = "docker_container",
            ["name"] = "workspace",
            ["hide"] = false,
            ["icon"] = string.Empty,
            ["agents"] = new JsonArray([.. agents.Select(a => (JsonNode)Agent(a))]),
            ["metadata"] = new JsonArray(),
            ["daily_cost"] = 0,
        };
        return new JsonArray(resource);
    }

    public static JsonObject Agent(FakeAgent agent) => new()
    {
        ["id"] = agent.Id,
        ["created_at"] = Time(agent.CreatedAt),
        ["updated_at"] = Time(agent.ReadyAt ?? agent.StartedAt ?? agent.CreatedAt),
        ["first_connected_at"] = Time(agent.StartedAt),
        ["last_connected_at"] = Time(agent.StartedAt),
        ["disconnected_at"] = null,
        ["started_at"] = Time(agent.StartedAt),
        ["ready_at"] = Time(agent.ReadyAt),
        ["status"] = agent.Status,
        ["lifecycle_state"] = agent.Lifecycle,
        ["name"] = agent.Name,
        ["resource_id"] = agent.ResourceId,
        ["instance_id"] = string.Empty,
        ["architecture"] = "amd64",
        ["environment_variables"] = new JsonObject(),
        ["operating_system"] = "linux",
        ["logs_length"] = agent.LogsLength,
        ["logs_overflowed"] = false,
        ["directory"] = string.Empty,
        ["expanded_directory"] = "/home/coder",
        ["version"] = "v2.24.0-fake",
        ["api_version"] = "2.6",
        ["apps"] = new JsonArray(),
        ["latency"] = new JsonObject(),
        ["connection_timeout_seconds"] = 120,
        ["troubleshooting_url"] = string.Empty,
        ["subsystems"] = null,
        ["health"] = new JsonObject { ["healthy"] = agent.Status == "connected", ["reason"] = agent.Status == "connected" ? string.Empty : "agent is not connected" },
        ["display_apps"] = new JsonArray("vscode", "web_terminal", "ssh_helper"),
        ["log_sources"] = new JsonArray(new JsonObject
        {
            ["id"] = agent.LogSourceId,
            ["workspace_agent_id"] = agent.Id,
            ["created_at"] = Time(agent.CreatedAt),
            ["display_name"] = "Startup Script",
            ["icon"] = "/emojis/25b6.png",
        }),
        ["scripts"] = new JsonArray(),
        ["startup_script_behavior"] = "non-blocking",
        ["parent_id"] = null,
    };

    public static JsonArray AgentLogs(IEnumerable<FakeAgentLog> logs) =>
        new([.. logs.Select(l => (JsonNode)new JsonObject
        {
            ["id"] = l.Id,
            ["created_at"] = Time(l.CreatedAt),
            ["output"] = l.Output,
            ["level"] = l.Level,
            ["source_id"] = l.SourceId,
        })]);

    public static JsonArray AgentMetadata(IEnumerable<FakeAgentMetadata> metadata, DateTimeOffset now) =>
        new([.. metadata.Select(m => (JsonNode)new JsonObject
        {
            ["result"] = new JsonObject
            {
                ["collected_at"] = Time(m.CollectedAt),
                ["age"] = (long)(now - m.CollectedAt).TotalSeconds,
                ["value"] = m.Value,
                ["error"] = string.Empty,
            },
            ["description"] = new JsonObject
            {
                ["display_name"] = m.DisplayName,
                ["key"] = m.Key,
                ["script"] = "echo " + m.Key,
                ["interval"] = 10,
                ["timeout"] = 3,
            },
        })]);

    public static JsonObject TemplateVersion(FakeTemplateVersion version, FakeCoderState state)
    {
        var template = state.Template(version.TemplateId);
        var job = state.Job(version.JobId)!;
        return new JsonObject
        {
            ["id"] = version.Id,
            ["template_id"] = version.TemplateId == Guid.Empty ? null : version.TemplateId,
            ["organization_id"] = template?.OrganizationId ?? (version.OrganizationId == Guid.Empty ? null : version.OrganizationId),
            ["created_at"] = Time(version.CreatedAt),
            ["updated_at"] = Time(version.CreatedAt),
            ["name"] = version.Name,
            ["message"] = version.Message,
            ["job"] = Job(job, null, null, state),
            ["readme"] = string.Empty,
            ["created_by"] = new JsonObject { ["id"] = state.Admin.Id, ["username"] = state.Admin.Username, ["avatar_url"] = string.Empty },
            ["archived"] = false,
            ["warnings"] = new JsonArray(),
            ["matched_provisioners"] = new JsonObject { ["count"] = 1, ["available"] = 1, ["most_recently_seen"] = Time(state.Now) },
            ["has_external_agent"] = false,
        };
    }

    public static JsonArray Variables(FakeTemplateVersion version) =>
        [.. version.Variables.Select(v => (JsonNode)new JsonObject
        {
            ["name"] = v.Name,
            ["description"] = string.Empty,
            ["type"] = "string",
            ["value"] = v.Value,
            ["default_value"] = string.Empty,
            ["required"] = v.Required,
            ["sensitive"] = false,
        })];
}
