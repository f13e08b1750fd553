using System.Net;
using CoderSdk.Versions;

namespace CoderSdk.Errors;

/// <summary>
/// How coderd words a refusal by a switch (license feature, experiment, deployment setting): the single place that
/// decides whether a 403 or 404 is a gated refusal, and how the SDK's message names the switch.
/// </summary>
/// <remarks>
/// Which operations are gated is a column of the generated operation table (<c>CoderOperation.Gates</c>), written
/// by the generator from its rules (<c>src/CoderSdk.Generator/Emit/FeatureGateRules.cs</c>, taken from coderd v2.36.0's
/// route registration). A refusal is recognised from coderd's message (the fixed sentences of its license and
/// experiment middleware), not from that table, so a route coderd gates that the rules miss is still reported, and an
/// ordinary permission 403 or a missing resource 404 never is.
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

    // The settings whose refusal names them (the route table's gates come from the generated operation table).
    private static readonly CoderFeatureGate UsageStats = new(CoderGateKind.DeploymentFlag, "stats-collection-usage-stats-enable");
    private static readonly CoderFeatureGate ScimConfigured = new(CoderGateKind.DeploymentFlag, "scim-auth-header");
    private static readonly CoderFeatureGate ChatSharing = new(CoderGateKind.DeploymentFlag, "disable-chat-sharing");

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
}
