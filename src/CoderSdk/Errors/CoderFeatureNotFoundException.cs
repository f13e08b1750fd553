using CoderSdk.Versions;

namespace CoderSdk.Errors;

/// <summary>
/// coderd answered 404 because a deployment setting hides the route (the template builder turned off, usage
/// statistics off for the insights routes, SCIM not configured). It is a <see cref="CoderNotFoundException"/>, so
/// existing <c>catch (CoderNotFoundException)</c> blocks still see it.
/// </summary>
/// <remarks>
/// coderd's message names the setting for the insights and SCIM routes; for a route it simply does not register
/// (<c>Route not found.</c>) the SDK says so only when the server's release is known to have the operation, so an
/// older server stays <see cref="CoderNotSupportedException"/>.
/// </remarks>
public sealed class CoderFeatureNotFoundException : CoderNotFoundException, ICoderGatedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back (the 404).</param>
    /// <param name="gate">The switch that kept the route closed.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> or <paramref name="gate"/> is null.</exception>
    public CoderFeatureNotFoundException(CoderErrorInfo info, CoderFeatureGate gate, Exception? innerException = null)
        : base(info, CoderFeatureGates.Describe(info, gate), innerException)
    {
        Gate = gate;
    }

    /// <inheritdoc />
    public CoderFeatureGate Gate { get; }
}
