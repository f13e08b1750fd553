using System.Net;

namespace CoderSdk.Http;

/// <summary>
/// Which switches (license features, experiments, deployment settings) close which routes, and how coderd words a
/// refusal by one. The single place that decides whether a 403 or 404 is a gated refusal.
/// </summary>
/// <remarks>
/// <para>
/// The route table is hand-written from coderd v2.36.0's route registration (<c>enterprise/coderd/coderd.go</c>: every
/// <c>RequireFeatureMW</c> and its wrappers; <c>coderd/coderd.go</c>: every <c>RequireExperiment</c> and the routes a
/// deployment setting removes or refuses). A rule names a route-template prefix, matched segment by segment (a
/// <c>{placeholder}</c> matches any placeholder), optionally limited to some HTTP methods; an operation gets the gates
/// of every rule that matches it, outermost first, as coderd's nested middleware checks them. Keep it in step with
/// coderd when the pinned release moves.
/// </para>
/// <para>
/// A refusal is recognised from coderd's message (the fixed sentences of its license and experiment middleware), not
/// from the route table, so a route coderd gates that the table misses is still reported, and an ordinary permission
/// 403 or a missing resource 404 never is.
/// </para>
/// </remarks>
internal static class CoderFeatureGates
{
    private const string Premium = " is a Premium feature. Contact sales!";
    private const string Enterprise = " is an Enterprise feature. Contact sales!";
    private const string OneExperimentStart = " functionality requires enabling the '";
    private const string OneExperimentEnd = "' experiment.";
    private const string SeveralExperiments = "This functionality requires enabling the following experiments: ";
    private const string QuietHoursName = "Advanced template scheduling (and user quiet hours schedule)";

    /// <summary>coderd's answer for a route it does not register: what a route removed by a deployment setting answers.</summary>
    internal const string RouteNotFound = "Route not found.";

    // License features and experiments by coderd's key; deployment settings by the server's command-line option.
    private static readonly CoderFeatureGate AIGateway = new(CoderGateKind.License, "aibridge");
    private static readonly CoderFeatureGate TemplateRbac = new(CoderGateKind.License, "template_rbac");
    private static readonly CoderFeatureGate MultipleOrganizations = new(CoderGateKind.License, "multiple_organizations");
    private static readonly CoderFeatureGate ProvisionerDaemons = new(CoderGateKind.License, "external_provisioner_daemons");
    private static readonly CoderFeatureGate Prebuilds = new(CoderGateKind.License, "workspace_prebuilds");
    private static readonly CoderFeatureGate OAuth2 = new(CoderGateKind.Experiment, "oauth2");
    private static readonly CoderFeatureGate UsageStats = new(CoderGateKind.DeploymentFlag, "stats-collection-usage-stats-enable");
    private static readonly CoderFeatureGate ScimConfigured = new(CoderGateKind.DeploymentFlag, "scim-auth-header");
    private static readonly CoderFeatureGate ChatSharing = new(CoderGateKind.DeploymentFlag, "disable-chat-sharing");

    /// <summary>The route table (coderd v2.36.0), outer routes before the routes nested in them.</summary>
    private static readonly Rule[] Rules =
    [
        new(null, "/api/v2/ai-gateway", AIGateway),
        new(null, "/api/v2/aibridge", AIGateway),
        new(null, "/api/v2/connectionlog", new(CoderGateKind.License, "connection_log")),
        new(null, "/api/v2/agent-firewall", new(CoderGateKind.License, "boundary")),
        new(null, "/api/v2/workspaceproxies", new(CoderGateKind.License, "workspace_proxy")),
        new("POST", "/api/v2/organizations", MultipleOrganizations, Exact: true),
        new("PATCH DELETE", "/api/v2/organizations/{}", MultipleOrganizations, Exact: true),
        new("POST PUT DELETE", "/api/v2/organizations/{}/members/roles", new(CoderGateKind.License, "custom_roles")),
        new(null, "/api/v2/organizations/{}/groups", TemplateRbac),
        new(null, "/api/v2/organizations/{}/groups/ai", AIGateway),
        new(null, "/api/v2/organizations/{}/groups/{}/members/ai", AIGateway),
        new(null, "/api/v2/organizations/{}/ai", AIGateway),
        new(null, "/api/v2/organizations/{}/provisionerkeys", ProvisionerDaemons),
        new(null, "/api/v2/organizations/{}/provisionerdaemons/serve", ProvisionerDaemons),
        new(null, "/api/v2/templates/{}/acl", TemplateRbac),
        new(null, "/api/v2/templates/{}/prebuilds", Prebuilds),
        new(null, "/api/v2/groups", TemplateRbac),
        new(null, "/api/v2/groups/{}/members/ai", AIGateway),
        new(null, "/api/v2/groups/{}/ai", AIGateway),
        new(null, "/api/v2/users/{}/quiet-hours", new(CoderGateKind.License, "advanced_template_scheduling")),
        new(null, "/api/v2/users/{}/ai", AIGateway),
        new(null, "/api/v2/prebuilds", Prebuilds),
        new(null, "/api/v2/workspaces/{}/external-agent", new(CoderGateKind.License, "workspace_external_agent")),
        new(null, "/scim/v2", ScimConfigured),
        new(null, "/scim/v2", new(CoderGateKind.License, "scim")),
        new(null, "/api/v2/oauth2-provider", OAuth2, DevBypass: true),
        new(null, "/oauth2", OAuth2, DevBypass: true),
        new(null, "/api/experimental/mcp/http", OAuth2, DevBypass: true),
        new(null, "/api/experimental/mcp/http", new(CoderGateKind.Experiment, "mcp-server-http"), DevBypass: true),
        new(null, "/api/experimental/watch-all-workspacebuilds", new(CoderGateKind.Experiment, "workspace-build-updates")),
        new(null, "/api/experimental/chats/config/computer-use-provider", new(CoderGateKind.Experiment, "chat-virtual-desktop"), DevBypass: true),
        new(null, "/api/experimental/chats/config/advisor", new(CoderGateKind.Experiment, "chat-advisor"), DevBypass: true),
        new(null, "/api/v2/templatebuilder", new(CoderGateKind.DeploymentFlag, "disable-template-builder")),
        new("GET", "/api/v2/insights/daus", UsageStats, Exact: true),
        new("GET", "/api/v2/insights/user-activity", UsageStats, Exact: true),
        new("GET", "/api/v2/insights/user-latency", UsageStats, Exact: true),
        new("GET", "/api/v2/insights/templates", UsageStats, Exact: true),
    ];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CoderOperation, Found[]> Cache = new();

    /// <summary>One gate an operation depends on, and whether a development build of coderd skips it.</summary>
    /// <param name="Gate">The switch.</param>
    /// <param name="DevBypass">coderd's development builds open this experiment gate whatever the experiments say.</param>
    internal readonly record struct Found(CoderFeatureGate Gate, bool DevBypass);

    /// <summary>The gates of an operation, outermost first (empty for most operations).</summary>
    public static Found[] For(CoderOperation operation) =>
        Cache.GetValue(operation, static o => Match(o.HttpMethod, o.Route));

    /// <summary>The gates a request by method and route template (or concrete path) passes, outermost first.</summary>
    public static Found[] Match(string method, string route)
    {
        var segments = Split(route);
        List<Found>? found = null;
        foreach (var rule in Rules)
        {
            if (rule.Applies(method, segments) && (found is null || !found.Exists(f => f.Gate == rule.Gate)))
            {
                (found ??= []).Add(new Found(rule.Gate, rule.DevBypass));
            }
        }

        return found is null ? [] : [.. found];
    }

    /// <summary>
    /// The gate a refusal names, read from coderd's message: its license check (403, "... is a Premium feature.
    /// Contact sales!"), its experiment check (403, "... requires enabling the '...' experiment."), and the few
    /// deployment settings whose refusal says so. Null for anything else.
    /// </summary>
    public static CoderFeatureGate? FromMessage(CoderErrorInfo info)
    {
        var message = info.CoderMessage;
        if (info.StatusCode == HttpStatusCode.Forbidden)
        {
            if ((Strip(message, Premium) ?? Strip(message, Enterprise)) is { } name)
            {
                return new CoderFeatureGate(CoderGateKind.License, LicenseKey(name));
            }

            if (message == QuietHoursName + " is not enabled.")
            {
                return new CoderFeatureGate(CoderGateKind.License, "advanced_template_scheduling");
            }

            var start = message.IndexOf(OneExperimentStart, StringComparison.Ordinal);
            if (start > 0 && message.EndsWith(OneExperimentEnd, StringComparison.Ordinal))
            {
                var from = start + OneExperimentStart.Length;
                var length = message.Length - OneExperimentEnd.Length - from;
                if (length > 0 && message.IndexOf('\'', from, length) < 0)
                {
                    return new CoderFeatureGate(CoderGateKind.Experiment, message.Substring(from, length));
                }
            }

            if (message.StartsWith(SeveralExperiments, StringComparison.Ordinal) && message.Length > SeveralExperiments.Length)
            {
                return new CoderFeatureGate(CoderGateKind.Experiment, message[SeveralExperiments.Length..]);
            }

            return message == "Chat sharing is disabled for this deployment." ? ChatSharing : null;
        }

        if (info.StatusCode == HttpStatusCode.NotFound)
        {
            if (message == "Not Found." && info.Detail == "Template insights are disabled.")
            {
                return UsageStats;
            }

            return message.StartsWith("SCIM is disabled", StringComparison.Ordinal) ? ScimConfigured : null;
        }

        return null;
    }

    /// <summary>The deployment-setting gate that explains a <c>Route not found.</c> answer, when the operation has one.</summary>
    public static CoderFeatureGate? HiddenBy(CoderOperation operation)
    {
        foreach (var found in For(operation))
        {
            if (found.Gate.Kind == CoderGateKind.DeploymentFlag)
            {
                return found.Gate;
            }
        }

        return null;
    }

    /// <summary>The exception message: the usual one, then which switch is closed.</summary>
    public static string Describe(CoderErrorInfo info, CoderFeatureGate gate)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(gate);
        return $"{info.ToMessage()} ({Phrase(gate)})";
    }

    /// <summary>A clause saying the gate is closed, for messages and reasons.</summary>
    public static string Phrase(CoderFeatureGate gate) => gate.Kind switch
    {
        CoderGateKind.License => $"the deployment's {gate} is not enabled",
        CoderGateKind.Experiment => $"the deployment has not enabled the {gate}",
        _ => $"the {gate} keeps the route closed",
    };

    /// <summary>
    /// coderd's feature key from the name its license message prints (<c>FeatureName.Humanize</c>): the few names it
    /// spells by hand, otherwise the words in lower case joined by underscores (<c>Connection Log</c> → <c>connection_log</c>).
    /// </summary>
    internal static string LicenseKey(string name) => name switch
    {
        "Template RBAC" => "template_rbac",
        "SCIM" => "scim",
        "AI Gateway" or "AI Bridge" => "aibridge",
        QuietHoursName => "advanced_template_scheduling",
        _ => name.Trim().ToLowerInvariant().Replace(' ', '_'),
    };

    private static string? Strip(string message, string suffix) =>
        message.Length > suffix.Length && message.EndsWith(suffix, StringComparison.Ordinal) ? message[..^suffix.Length] : null;

    private static string[] Split(string route)
    {
        var query = route.IndexOf('?', StringComparison.Ordinal);
        return (query >= 0 ? route[..query] : route).Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>One line of the route table.</summary>
    /// <param name="Methods">The HTTP methods it covers, space-separated, or null for all.</param>
    /// <param name="Prefix">The route prefix; <c>{}</c> stands for any placeholder segment.</param>
    /// <param name="Gate">The switch.</param>
    /// <param name="Exact">Only the route itself, not the routes under it.</param>
    /// <param name="DevBypass">coderd's development builds skip this experiment check.</param>
    private sealed record Rule(string? Methods, string Prefix, CoderFeatureGate Gate, bool Exact = false, bool DevBypass = false)
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
                var placeholder = _segments[i] == "{}";
                if (placeholder ? !IsPlaceholderOrValue(route[i]) : !string.Equals(_segments[i], route[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        // A template's {name}, or a concrete path's value (the fake server matches real paths).
        private static bool IsPlaceholderOrValue(string segment) => segment.Length > 0;
    }
}
