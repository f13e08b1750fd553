namespace CoderSdk.Versions;

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
