using System.Globalization;
using CoderSdk.Versions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Testing;

// License features, experiments and deployment settings: coderd's refusals for closed routes, and the two routes
// that report the switches.
public sealed partial class FakeCoderServer
{
    private static readonly Lazy<FakeRouteTable<bool>> GatedRoutes = new(() => new FakeRouteTable<bool>(CoderApiOperation.All.Select(o => (o, o.Gates.Count > 0))));

    private void MapGateEndpoints(WebApplication app)
    {
        app.MapGet("/api/v2/entitlements", (HttpContext c) => Json(c, 200, State.EntitlementsJson()));
        app.MapGet("/api/v2/experiments", (HttpContext c) => Json(c, 200, State.ExperimentsJson()));
    }

    /// <summary>Answers a request to a route whose switch is closed as coderd does, before the route runs.</summary>
    private async Task GateAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        // The request is judged by its own operation's gates: the best match among all operations, gated or not.
        if (GatedRoutes.Value.Find(context.Request.Method, path) is (var operation, true) && Refusal(context, operation, path) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>coderd's answer for the first closed switch of the operation, outermost first; null when all are open.</summary>
    private IResult? Refusal(HttpContext context, CoderApiOperation operation, string path)
    {
        var experiments = operation.Gates.Where(g => g.Kind == CoderGateKind.Experiment).ToArray();
        foreach (var gate in operation.Gates)
        {
            switch (gate.Kind)
            {
                case CoderGateKind.DeploymentFlag when !State.FlagOpen(gate.Feature):
                    return FlagRefusal(context, gate.Feature);
                case CoderGateKind.License when LicenseRefusal(gate.Feature, path) is { } message:
                    return Json(context, 403, FakeCoderJson.Error(message));
                case CoderGateKind.Experiment when !State.ExperimentEnabled(gate.Feature):
                    // coderd names every experiment the route needs, even the ones that are on.
                    return Json(context, 403, FakeCoderJson.Error(experiments.Length == 1
                        ? $"{ExperimentDisplayName(gate.Feature)} functionality requires enabling the '{gate.Feature}' experiment."
                        : $"This functionality requires enabling the following experiments: {string.Join(", ", experiments.Select(e => e.Feature))}"));
            }
        }

        return null;
    }

    private string? LicenseRefusal(string feature, string path)
    {
        var state = State.Feature(feature);
        var enabled = state is { Enabled: true };
        if (feature == "advanced_template_scheduling")
        {
            // The quiet-hours routes check the entitlement, then that the feature is enabled.
            const string name = "Advanced template scheduling (and user quiet hours schedule)";
            var entitled = state is { Entitlement: "entitled" or "grace_period" };
            return !entitled ? $"{name} is an Enterprise feature. Contact sales!" : !enabled ? $"{name} is not enabled." : null;
        }

        if (enabled)
        {
            return null;
        }

        return feature == "external_provisioner_daemons" && path.EndsWith("/provisionerdaemons/serve", StringComparison.Ordinal)
            ? "External provisioner daemons is an Enterprise feature. Contact sales!"
            : $"{LicenseDisplayName(feature)} is a Premium feature. Contact sales!";
    }

    private static IResult FlagRefusal(HttpContext context, string flag) => flag switch
    {
        "stats-collection-usage-stats-enable" => Json(context, 404, FakeCoderJson.Error("Not Found.", "Template insights are disabled.")),
        "scim-auth-header" => Json(context, 404, FakeCoderJson.Error(
            "SCIM is disabled, please contact your administrator if you believe this is an error",
            "SCIM endpoints are disabled if no SCIM is configured. Configure 'CODER_SCIM_AUTH_HEADER' to enable.")),
        // The route is not registered at all: coderd's router answers for it.
        _ => Json(context, 404, FakeCoderJson.Error("Route not found.")),
    };

    /// <summary>How coderd prints a license feature's name in its refusal.</summary>
    internal static string LicenseDisplayName(string feature) => feature switch
    {
        "template_rbac" => "Template RBAC",
        "scim" => "SCIM",
        "aibridge" => "AI Gateway",
        "ai_governance_user_limit" => "AI Governance User Limit",
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(feature.Replace('_', ' ')),
    };

    /// <summary>How coderd prints an experiment's name in its refusal.</summary>
    internal static string ExperimentDisplayName(string experiment) => experiment switch
    {
        "oauth2" => "OAuth2 Provider Functionality",
        "mcp-server-http" => "MCP HTTP Server Functionality",
        "workspace-build-updates" => "Workspace Build Updates Channel",
        "chat-advisor" => "Chat Advisor",
        "chat-virtual-desktop" => "Chat Virtual Desktop",
        _ => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(experiment.Replace('-', ' ')),
    };
}
