using CoderSdk.Http;

namespace CoderSdk;

/// <summary>What kind of switch keeps a coderd route closed even though the server's release has it.</summary>
public enum CoderGateKind
{
    /// <summary>
    /// A licensed (entitlement) feature such as <c>template_rbac</c>: coderd refuses with 403 until a license entitles
    /// the feature and it is enabled. The state is in <c>GET /api/v2/entitlements</c>.
    /// </summary>
    License,

    /// <summary>
    /// An experiment such as <c>oauth2</c>: coderd refuses with 403 until an administrator lists it in the
    /// deployment's experiments. The enabled ones are in <c>GET /api/v2/experiments</c>.
    /// </summary>
    Experiment,

    /// <summary>
    /// A deployment setting such as <c>disable-template-builder</c>: with the setting in the closing position coderd
    /// answers 404 (or, for a few settings, 403). Only an administrator's deployment configuration shows the state.
    /// </summary>
    DeploymentFlag,
}

/// <summary>One switch a route depends on: its kind and the name coderd gives it.</summary>
/// <param name="Kind">License feature, experiment or deployment setting.</param>
/// <param name="Feature">
/// coderd's name of the switch: the feature key of <c>/api/v2/entitlements</c> (<c>template_rbac</c>), the experiment
/// (<c>oauth2</c>), or the server's command-line option (<c>disable-template-builder</c>). When coderd names several
/// experiments at once they are listed as it wrote them, separated by <c>", "</c>.
/// </param>
public sealed record CoderFeatureGate(CoderGateKind Kind, string Feature)
{
    /// <summary>A short phrase for messages: <c>license feature 'template_rbac'</c>.</summary>
    /// <returns>The kind and the name.</returns>
    public override string ToString() => Kind switch
    {
        CoderGateKind.License => $"license feature '{Feature}'",
        CoderGateKind.Experiment => Feature.Contains(',', StringComparison.Ordinal) ? $"experiments '{Feature}'" : $"experiment '{Feature}'",
        _ => $"deployment setting '{Feature}'",
    };
}

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
