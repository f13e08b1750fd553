
namespace CoderSdk.Versions;

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
