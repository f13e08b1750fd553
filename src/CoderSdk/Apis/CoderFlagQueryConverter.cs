using Refit;

namespace CoderSdk.Apis;

/// <summary>Sends a bare query key (<c>?listen</c>) when the value is true, and nothing otherwise.</summary>
internal sealed class CoderFlagQueryConverter : IQueryConverter<bool?>
{
    /// <inheritdoc />
    public void Flatten(bool? value, string keyPrefix, ref GeneratedQueryStringBuilder builder, RefitSettings settings)
    {
        if (value == true)
        {
            builder.AddFlag(keyPrefix, false);
        }
    }
}
