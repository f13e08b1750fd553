// Hand-written and permanent: coderd streams these over watch-metadata(-ws), but the swagger document does not
// define them (the endpoints are marked x-apidocgen skip), so the generator cannot produce them.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.Models;

/// <summary>One metadata item an agent reports (for example CPU or disk usage), with its latest result.</summary>
public sealed record WorkspaceAgentMetadata
{
    /// <summary>The latest value the agent collected.</summary>
    [JsonPropertyName("result")] public WorkspaceAgentMetadataResult Result { get; init; } = new();

    /// <summary>What the item is and how often it is collected.</summary>
    [JsonPropertyName("description")] public WorkspaceAgentMetadataDescription Description { get; init; } = new();

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>The latest collected value of an agent metadata item.</summary>
public sealed record WorkspaceAgentMetadataResult
{
    /// <summary>The value, as the script printed it.</summary>
    [JsonPropertyName("value")] public string Value { get; init; } = string.Empty;

    /// <summary>The error the script reported, or empty.</summary>
    [JsonPropertyName("error")] public string Error { get; init; } = string.Empty;

    /// <summary>When coderd received the value.</summary>
    [JsonPropertyName("collected_at")] public DateTimeOffset CollectedAt { get; init; }

    /// <summary>How old the value was when coderd sent it, in whole seconds (wire unit). See <see cref="AgeDuration"/>.</summary>
    [JsonPropertyName("age")] public long Age { get; init; }

    /// <summary><see cref="Age"/> as a <see cref="TimeSpan"/>.</summary>
    [JsonIgnore] public TimeSpan AgeDuration => TimeSpan.FromSeconds(Age);

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}

/// <summary>The definition of an agent metadata item, from the template.</summary>
public sealed record WorkspaceAgentMetadataDescription
{
    /// <summary>The label the dashboard shows.</summary>
    [JsonPropertyName("display_name")] public string DisplayName { get; init; } = string.Empty;

    /// <summary>The item's key, unique per agent.</summary>
    [JsonPropertyName("key")] public string Key { get; init; } = string.Empty;

    /// <summary>The script that produces the value.</summary>
    [JsonPropertyName("script")] public string Script { get; init; } = string.Empty;

    /// <summary>How often the script runs, in seconds (wire unit). See <see cref="IntervalDuration"/>.</summary>
    [JsonPropertyName("interval")] public long Interval { get; init; }

    /// <summary>How long the script may run, in seconds (wire unit). See <see cref="TimeoutDuration"/>.</summary>
    [JsonPropertyName("timeout")] public long Timeout { get; init; }

    /// <summary><see cref="Interval"/> as a <see cref="TimeSpan"/>.</summary>
    [JsonIgnore] public TimeSpan IntervalDuration => TimeSpan.FromSeconds(Interval);

    /// <summary><see cref="Timeout"/> as a <see cref="TimeSpan"/>.</summary>
    [JsonIgnore] public TimeSpan TimeoutDuration => TimeSpan.FromSeconds(Timeout);

    /// <summary>Fields this SDK version does not know, kept so the object re-serializes unchanged.</summary>
    [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? AdditionalProperties { get; internal set; }
}
