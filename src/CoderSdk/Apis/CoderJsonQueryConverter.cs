using System.Text.Json;
using CoderSdk.Json;
using Refit;

namespace CoderSdk.Apis;

/// <summary>Sends a map as one JSON-encoded query value (<c>?tags={"a":"b"}</c>), as coderd expects for provisioner tags.</summary>
internal sealed class CoderJsonQueryConverter : IQueryConverter<IReadOnlyDictionary<string, string>?>
{
    /// <inheritdoc />
    public void Flatten(IReadOnlyDictionary<string, string>? value, string keyPrefix, ref GeneratedQueryStringBuilder builder, RefitSettings settings)
    {
        if (value is not null)
        {
            builder.Add(keyPrefix, JsonSerializer.Serialize(value, CoderJsonContext.Default.StringMap), false);
        }
    }
}
