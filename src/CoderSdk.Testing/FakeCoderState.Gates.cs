using System.Text.Json.Nodes;
using CoderSdk.Versions;

namespace CoderSdk.Testing;

/// <summary>
/// The deployment's license features, experiments and route-closing settings. By default every switch the SDK's
/// operations depend on (<see cref="CoderApiOperation.Gates"/>) is open: each license feature entitled and enabled, each
/// experiment enabled, no setting closing a route. Tests close them to see coderd's refusals.
/// </summary>
public sealed partial class FakeCoderState
{
    private readonly Dictionary<string, (string Entitlement, bool Enabled)> _features = new(StringComparer.Ordinal);
    private readonly HashSet<string> _experiments = new(StringComparer.Ordinal);
    private readonly HashSet<string> _closedFlags = new(StringComparer.Ordinal);

    /// <summary>Whether <c>/api/v2/entitlements</c> reports a license (<c>has_license</c>). True by default.</summary>
    public bool HasLicense
    {
        get { lock (Sync) { return _hasLicense; } }
        set { lock (Sync) { _hasLicense = value; } }
    }

    private bool _hasLicense = true;

    /// <summary>
    /// Sets a license feature as <c>/api/v2/entitlements</c> reports it. coderd's license check lets a request through
    /// when the feature is enabled; a closed one answers 403 with coderd's "... is a Premium feature. Contact sales!".
    /// </summary>
    /// <param name="feature">coderd's feature key, e.g. <c>template_rbac</c>.</param>
    /// <param name="entitlement">The entitlement as sent: <c>entitled</c>, <c>grace_period</c>, <c>not_entitled</c>, or any other text.</param>
    /// <param name="enabled">Whether the feature is enabled.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public void SetEntitlement(string feature, string entitlement, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(feature);
        ArgumentNullException.ThrowIfNull(entitlement);
        lock (Sync)
        {
            _features[feature] = (entitlement, enabled);
        }
    }

    /// <summary>Leaves a license feature out of <c>/api/v2/entitlements</c> altogether (coderd then treats it as off).</summary>
    /// <param name="feature">coderd's feature key.</param>
    public void RemoveEntitlement(string feature)
    {
        lock (Sync)
        {
            _features.Remove(feature);
        }
    }

    /// <summary>Turns an experiment on or off, as <c>/api/v2/experiments</c> and coderd's experiment checks see it.</summary>
    /// <param name="experiment">The experiment, e.g. <c>oauth2</c>.</param>
    /// <param name="enabled">Whether it is enabled.</param>
    /// <exception cref="ArgumentNullException"><paramref name="experiment"/> is null.</exception>
    public void SetExperiment(string experiment, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        Toggle(_experiments, experiment, enabled);
    }

    /// <summary>
    /// Opens or closes the routes behind a deployment setting, named by coderd's command-line option:
    /// <c>disable-template-builder</c> (closed: the template builder routes answer 404 <c>Route not found.</c>),
    /// <c>stats-collection-usage-stats-enable</c> (closed: the insights routes answer 404 "Template insights are
    /// disabled."), <c>scim-auth-header</c> (closed: the SCIM routes answer 404 "SCIM is disabled...").
    /// </summary>
    /// <param name="flag">The option's name.</param>
    /// <param name="open">True to serve the routes, false for coderd's refusal.</param>
    /// <exception cref="ArgumentNullException"><paramref name="flag"/> is null.</exception>
    public void SetDeploymentFlag(string flag, bool open)
    {
        ArgumentNullException.ThrowIfNull(flag);
        Toggle(_closedFlags, flag, !open);
    }

    private void Toggle(HashSet<string> set, string item, bool present)
    {
        lock (Sync)
        {
            _ = present ? set.Add(item) : set.Remove(item);
        }
    }

    /// <summary>Opens every switch the SDK's operations depend on (the state a fake server starts in).</summary>
    internal void OpenAllGates()
    {
        lock (Sync)
        {
            foreach (var gate in CoderApiOperation.All.SelectMany(o => o.Gates))
            {
                if (gate.Kind == CoderGateKind.License)
                {
                    _features[gate.Feature] = ("entitled", true);
                }
                else if (gate.Kind == CoderGateKind.Experiment)
                {
                    _experiments.Add(gate.Feature);
                }
            }
        }
    }

    /// <summary>The license feature as reported, or null when it is not listed.</summary>
    internal (string Entitlement, bool Enabled)? Feature(string feature)
    {
        lock (Sync)
        {
            return _features.TryGetValue(feature, out var state) ? state : null;
        }
    }

    internal bool ExperimentEnabled(string experiment)
    {
        lock (Sync)
        {
            return _experiments.Contains(experiment);
        }
    }

    internal bool FlagOpen(string flag)
    {
        lock (Sync)
        {
            return !_closedFlags.Contains(flag);
        }
    }

    /// <summary>The body of <c>/api/v2/entitlements</c>.</summary>
    internal JsonObject EntitlementsJson()
    {
        lock (Sync)
        {
            var features = new JsonObject();
            foreach (var (name, (entitlement, enabled)) in _features.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                features[name] = new JsonObject { ["entitlement"] = entitlement, ["enabled"] = enabled };
            }

            return new JsonObject
            {
                ["features"] = features,
                ["warnings"] = new JsonArray(),
                ["errors"] = new JsonArray(),
                ["has_license"] = _hasLicense,
                ["trial"] = false,
                ["require_telemetry"] = false,
                ["refreshed_at"] = FakeCoderJson.Time(Now),
            };
        }
    }

    /// <summary>The body of <c>/api/v2/experiments</c>.</summary>
    internal JsonArray ExperimentsJson()
    {
        lock (Sync)
        {
            return new JsonArray([.. _experiments.Order(StringComparer.Ordinal).Select(e => (JsonNode)e)]);
        }
    }
}
