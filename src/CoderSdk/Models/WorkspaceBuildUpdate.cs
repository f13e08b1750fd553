// Hand-written: coderd streams this over /api/experimental/watch-all-workspacebuilds, but the swagger document gives
// that endpoint no schema (only "101 Switching Protocols"), so the generator cannot produce it.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.Models;

/// <summary>A change in the state of one workspace build, as the all-builds watch reports it.</summary>
public sealed record WorkspaceBuildUpdate
{
    /// <summary>The workspace the build belongs to.</summary>
    [JsonPropertyName("workspace_id")] public Guid WorkspaceId { get; init; }

    /// <summary>The workspace's name (sent by newer coderd versions; empty otherwise).</summary>
    [JsonPropertyName("workspace_name")] public string WorkspaceName { get; init; } = string.Empty;

    /// <summary>The build that changed.</summary>
    [JsonPropertyName("build_id")] public Guid BuildId { get; init; }

    /// <summary>The build's number within its workspace.</summary>
    [JsonPropertyName("build_number")] public long BuildNumber { get; init; }

    /// <summary>What the build does: start, stop or delete.</summary>
    [JsonPropertyName("transition")] public WorkspaceTransition Transition { get; init; }

    /// <summary>The state of the build's provisioner job.</summary>
    [JsonPropertyName("job_status")] public ProvisionerJobStatus JobStatus { get; init; }

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}
