using CoderSdk.Versions;

namespace CoderSdk.Errors;

/// <summary>
/// Marks the two exceptions for a route the deployment keeps closed by a license feature, an experiment or a
/// deployment setting: <see cref="CoderFeatureForbiddenException"/> (403) and <see cref="CoderFeatureNotFoundException"/>
/// (404). <c>catch (CoderApiException ex) when (ex is ICoderGatedException gated)</c> handles both.
/// </summary>
public interface ICoderGatedException
{
    /// <summary>The switch that kept the route closed.</summary>
    CoderFeatureGate Gate { get; }
}
