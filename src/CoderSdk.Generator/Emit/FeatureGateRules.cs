namespace CoderSdk.Generator.Emit;

/// <summary>
/// Which switches of a deployment (license features, experiments, server options) guard which routes, for the
/// <c>Gates</c> column of the operation table. coderd's API document does not say which middleware guards a route, so
/// the rules are written here by hand from coderd v2.36.0's route registration (<c>enterprise/coderd/coderd.go</c>: every
/// <c>RequireFeatureMW</c> and its wrappers; <c>coderd/coderd.go</c>: every <c>RequireExperiment</c> and the routes a
/// server option removes or refuses). Keep them in step with coderd when the pinned release moves.
/// </summary>
/// <remarks>
/// A rule names a route prefix, matched segment by segment (<c>{}</c> matches any placeholder), optionally only for
/// some HTTP methods or only the route itself; an operation gets the gate of every rule that matches, in the order of
/// the rules, which lists outer routes before the routes nested in them as coderd's middleware checks them.
/// </remarks>
internal static class FeatureGateRules
{
    private const string License = "License";
    private const string Experiment = "Experiment";
    private const string Flag = "DeploymentFlag";

    private static readonly Rule[] Rules =
    [
        new(null, "/api/v2/ai-gateway", License, "aibridge"),
        new(null, "/api/v2/aibridge", License, "aibridge"),
        new(null, "/api/v2/connectionlog", License, "connection_log"),
        new(null, "/api/v2/agent-firewall", License, "boundary"),
        new(null, "/api/v2/workspaceproxies", License, "workspace_proxy"),
        new("POST", "/api/v2/organizations", License, "multiple_organizations", Exact: true),
        new("PATCH DELETE", "/api/v2/organizations/{}", License, "multiple_organizations", Exact: true),
        new("POST PUT DELETE", "/api/v2/organizations/{}/members/roles", License, "custom_roles"),
        new(null, "/api/v2/organizations/{}/groups", License, "template_rbac"),
        new(null, "/api/v2/organizations/{}/groups/ai", License, "aibridge"),
        new(null, "/api/v2/organizations/{}/groups/{}/members/ai", License, "aibridge"),
        new(null, "/api/v2/organizations/{}/ai", License, "aibridge"),
        new(null, "/api/v2/organizations/{}/provisionerkeys", License, "external_provisioner_daemons"),
        new(null, "/api/v2/organizations/{}/provisionerdaemons/serve", License, "external_provisioner_daemons"),
        new(null, "/api/v2/templates/{}/acl", License, "template_rbac"),
        new(null, "/api/v2/templates/{}/prebuilds", License, "workspace_prebuilds"),
        new(null, "/api/v2/groups", License, "template_rbac"),
        new(null, "/api/v2/groups/{}/members/ai", License, "aibridge"),
        new(null, "/api/v2/groups/{}/ai", License, "aibridge"),
        new(null, "/api/v2/users/{}/quiet-hours", License, "advanced_template_scheduling"),
        new(null, "/api/v2/users/{}/ai", License, "aibridge"),
        new(null, "/api/v2/prebuilds", License, "workspace_prebuilds"),
        new(null, "/api/v2/workspaces/{}/external-agent", License, "workspace_external_agent"),
        new(null, "/scim/v2", Flag, "scim-auth-header"),
        new(null, "/scim/v2", License, "scim"),
        new(null, "/api/v2/oauth2-provider", Experiment, "oauth2", DevBypass: true),
        new(null, "/oauth2", Experiment, "oauth2", DevBypass: true),
        new(null, "/api/experimental/mcp/http", Experiment, "oauth2", DevBypass: true),
        new(null, "/api/experimental/mcp/http", Experiment, "mcp-server-http", DevBypass: true),
        new(null, "/api/experimental/watch-all-workspacebuilds", Experiment, "workspace-build-updates"),
        new(null, "/api/experimental/chats/config/computer-use-provider", Experiment, "chat-virtual-desktop", DevBypass: true),
        new(null, "/api/experimental/chats/config/advisor", Experiment, "chat-advisor", DevBypass: true),
        new(null, "/api/v2/templatebuilder", Flag, "disable-template-builder"),
        new("GET", "/api/v2/insights/daus", Flag, "stats-collection-usage-stats-enable", Exact: true),
        new("GET", "/api/v2/insights/user-activity", Flag, "stats-collection-usage-stats-enable", Exact: true),
        new("GET", "/api/v2/insights/user-latency", Flag, "stats-collection-usage-stats-enable", Exact: true),
        new("GET", "/api/v2/insights/templates", Flag, "stats-collection-usage-stats-enable", Exact: true),
    ];

    /// <summary>The table argument for an operation (<c>, Gates: [...]</c>), or empty when no rule matches it.</summary>
    public static string Argument(string method, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var gates = new List<string>();
        foreach (var rule in Rules)
        {
            var gate = $"new(CoderGateKind.{rule.Kind}, \"{rule.Feature}\"{(rule.DevBypass ? ", DevBypass: true" : string.Empty)})";
            if (rule.Applies(method, segments) && !gates.Contains(gate))
            {
                gates.Add(gate);
            }
        }

        return gates.Count == 0 ? string.Empty : $", Gates: [{string.Join(", ", gates)}]";
    }

    /// <summary>One rule.</summary>
    /// <param name="Methods">The HTTP methods it covers, space-separated, or null for all.</param>
    /// <param name="Prefix">The route prefix; <c>{}</c> stands for any placeholder segment.</param>
    /// <param name="Kind">The <c>CoderGateKind</c> member.</param>
    /// <param name="Feature">coderd's name of the switch.</param>
    /// <param name="Exact">Only the route itself, not the routes under it.</param>
    /// <param name="DevBypass">coderd's development builds skip this experiment check.</param>
    private sealed record Rule(string? Methods, string Prefix, string Kind, string Feature, bool Exact = false, bool DevBypass = false)
    {
        private readonly string[] _segments = Prefix.Split('/', StringSplitOptions.RemoveEmptyEntries);

        public bool Applies(string method, string[] route)
        {
            if (Methods is not null && Array.IndexOf(Methods.Split(' '), method.ToUpperInvariant()) < 0)
            {
                return false;
            }

            if (route.Length < _segments.Length || (Exact && route.Length != _segments.Length))
            {
                return false;
            }

            for (var i = 0; i < _segments.Length; i++)
            {
                var matches = _segments[i] == "{}"
                    ? route[i].StartsWith('{')
                    : string.Equals(_segments[i], route[i], StringComparison.Ordinal);
                if (!matches)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
