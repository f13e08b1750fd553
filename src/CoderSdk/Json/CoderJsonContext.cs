using System.Text.Json;
using System.Text.Json.Serialization;

namespace CoderSdk.Json;

/// <summary>
/// Source-generated JSON metadata for every Coder model. All SDK (de)serialization goes through it, so the library
/// needs no reflection and works trimmed and under Native AOT. Use <c>CoderJsonContext.Default.Options</c> or the
/// typed properties (for example <c>CoderJsonContext.Default.Workspace</c>) to (de)serialize models yourself.
/// </summary>
/// <remarks>The models are registered in a generated part of this class.</remarks>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    PropertyNameCaseInsensitive = false,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
public sealed partial class CoderJsonContext : JsonSerializerContext
{
}
