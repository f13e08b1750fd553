using System.Text.Json;
using System.Text.Json.Serialization;
using CoderSdk.Models;

namespace CoderSdk.Json;

/// <summary>
/// Source-generated JSON metadata for the hand-written stream models that the swagger document does not define (agent
/// metadata, all-builds updates) and the lists stream frames carry (chat stream batches). A context of its own because <see cref="CoderJsonContext"/>'s registrations are generated into one
/// partial declaration, and the System.Text.Json generator fails when [JsonSerializable] is spread over several
/// (dotnet/runtime#99669). Same options as <see cref="CoderJsonContext"/>. Goes away once the generator takes these
/// types as extra definitions.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    PropertyNameCaseInsensitive = false,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(WorkspaceAgentMetadata))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceAgentMetadata>))]
[JsonSerializable(typeof(WorkspaceBuildUpdate))]
[JsonSerializable(typeof(IReadOnlyList<ChatStreamEvent>))]
internal sealed partial class CoderStreamingJsonContext : JsonSerializerContext
{
}
