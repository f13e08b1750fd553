using CoderSdk.Versions;

namespace CoderSdk.Errors;

/// <summary>
/// coderd answered 403 because a license feature is not entitled or not enabled, or an experiment (or, rarely, a
/// deployment setting) is off: the caller's permissions are not the problem. It is a <see cref="CoderForbiddenException"/>,
/// so existing <c>catch (CoderForbiddenException)</c> blocks still see it; <see cref="CoderApiException.CoderMessage"/>
/// keeps coderd's own words.
/// </summary>
/// <remarks>
/// The SDK decides it from coderd's message alone (the fixed sentences its license and experiment checks write), so
/// an ordinary permission refusal is never reported as one. Example message:
/// <c>GET /api/v2/groups: 403 Forbidden: Template RBAC is a Premium feature. Contact sales! (the deployment's license feature 'template_rbac' is off)</c>.
/// </remarks>
public sealed class CoderFeatureForbiddenException : CoderForbiddenException, ICoderGatedException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back (the 403).</param>
    /// <param name="gate">The switch that kept the route closed.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="info"/> or <paramref name="gate"/> is null.</exception>
    public CoderFeatureForbiddenException(CoderErrorInfo info, CoderFeatureGate gate, Exception? innerException = null)
        : base(info, CoderFeatureGates.Describe(info, gate), innerException)
    {
        Gate = gate;
    }

    /// <inheritdoc />
    public CoderFeatureGate Gate { get; }
}
