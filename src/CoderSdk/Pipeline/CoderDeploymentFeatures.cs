using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// One client's view of the deployment's license features (<c>GET /api/v2/entitlements</c>) and enabled experiments
/// (<c>GET /api/v2/experiments</c>), read when a support check needs them and kept for <see cref="Lifetime"/>.
/// </summary>
/// <remarks>
/// A read that fails (404 on a build without the enterprise routes, 401, a body that is not the documented JSON, a
/// transport error) is remembered for the same time as a success and makes the check fall back to the version-only
/// verdict with the failure in its reason; it never throws. Cancellation of the caller's token still throws.
/// Thread-safe: each snapshot is one immutable object swapped in whole; concurrent first checks may each read.
/// </remarks>
internal sealed class CoderDeploymentFeatures
{
    /// <summary>How long a read (or a failed read) is used before the next check reads again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Func<CancellationToken, Task<Entitlements>> _readEntitlements;
    private readonly Func<CancellationToken, Task<IReadOnlyList<Experiment>>> _readExperiments;
    private readonly Func<TimeProvider> _time;
    private Snapshot<Entitlements>? _entitlements;
    private Snapshot<HashSet<string>>? _experiments;

    /// <param name="readEntitlements">Reads <c>/api/v2/entitlements</c> through the generated method.</param>
    /// <param name="readExperiments">Reads <c>/api/v2/experiments</c> through the generated method.</param>
    /// <param name="time">The client's clock.</param>
    public CoderDeploymentFeatures(
        Func<CancellationToken, Task<Entitlements>> readEntitlements,
        Func<CancellationToken, Task<IReadOnlyList<Experiment>>> readExperiments,
        Func<TimeProvider> time)
    {
        _readEntitlements = readEntitlements;
        _readExperiments = readExperiments;
        _time = time;
    }

    /// <summary>A read and when it was made: the value, or why there is none.</summary>
    private sealed record Snapshot<T>(T? Value, string? Failure, DateTimeOffset ReadAt) where T : class;

    /// <summary>What the deployment says about one gate.</summary>
    /// <param name="Open">True when open, false when closed, null when the SDK could not tell.</param>
    /// <param name="Why">A clause for the verdict's reason.</param>
    internal readonly record struct Answer(bool? Open, string Why);

    /// <summary>
    /// Applies the operation's license and experiment gates to a version verdict that is not already NotSupported:
    /// the first closed gate makes it NotSupported; gates the SDK could not read leave it as it was, with the reason extended.
    /// </summary>
    public async ValueTask<CoderOperationSupport> ApplyAsync(CoderOperationSupport support, bool devBuild, CancellationToken cancellationToken)
    {
        var gates = support.Operation.Operation.AllGates;
        if (gates.Length == 0 || support.Status == CoderSupportStatus.NotSupported)
        {
            return support;
        }

        var notes = new List<string>(gates.Length);
        foreach (var entry in gates)
        {
            var gate = entry.Gate;
            Answer answer;
            if (gate.Kind == CoderGateKind.DeploymentFlag)
            {
                answer = new Answer(null, $"the {gate} is not checked (only the deployment's configuration shows it)");
            }
            else if (entry.DevBypass && devBuild)
            {
                answer = new Answer(true, $"a development build of coderd skips the check of the {gate}");
            }
            else
            {
                answer = gate.Kind == CoderGateKind.License
                    ? await LicenseAsync(gate, cancellationToken).ConfigureAwait(false)
                    : await ExperimentAsync(gate, cancellationToken).ConfigureAwait(false);
            }

            if (answer.Open == false)
            {
                return new CoderOperationSupport(support.Operation, CoderSupportStatus.NotSupported, support.ServerVersion,
                    $"{support.Operation.Name} needs the {gate}, and {answer.Why}", gate);
            }

            notes.Add(answer.Why);
        }

        return new CoderOperationSupport(support.Operation, support.Status, support.ServerVersion, $"{support.Reason}; {string.Join("; ", notes)}");
    }

    private async ValueTask<Answer> LicenseAsync(CoderFeatureGate gate, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(() => _entitlements, s => _entitlements = s, _readEntitlements, static e => e, cancellationToken).ConfigureAwait(false);
        if (read.Value is null)
        {
            return new Answer(null, $"the {gate} could not be checked: {read.Failure}");
        }

        if (!read.Value.Features.TryGetValue(gate.Feature, out var feature))
        {
            return new Answer(false, "the deployment's entitlements do not list it");
        }

        var entitlement = feature.Entitlement.Value;
        if (!feature.Enabled)
        {
            return new Answer(false, $"the deployment's entitlements have it off (entitlement '{CoderServerVersion.Quote(entitlement)}', not enabled)");
        }

        if (entitlement == Entitlement.NotEntitled.Value)
        {
            return new Answer(false, "the deployment's entitlements mark it not entitled");
        }

        return feature.Entitlement.IsKnown
            ? new Answer(true, $"the deployment's entitlements have the {gate} enabled ('{entitlement}')")
            : new Answer(true, $"the deployment's entitlements have the {gate} enabled, with an entitlement value this SDK does not know ('{CoderServerVersion.Quote(entitlement)}'); coderd checks only that it is enabled");
    }

    private async ValueTask<Answer> ExperimentAsync(CoderFeatureGate gate, CancellationToken cancellationToken)
    {
        var read = await ReadAsync(() => _experiments, s => _experiments = s, _readExperiments,
            static list => new HashSet<string>(list.Select(e => e.Value), StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        if (read.Value is null)
        {
            return new Answer(null, $"the {gate} could not be checked: {read.Failure}");
        }

        return read.Value.Contains(gate.Feature)
            ? new Answer(true, $"the deployment has the {gate} enabled")
            : new Answer(false, "the deployment's enabled experiments do not include it");
    }

    private async ValueTask<Snapshot<T>> ReadAsync<TRead, T>(
        Func<Snapshot<T>?> get, Action<Snapshot<T>> set, Func<CancellationToken, Task<TRead>> read, Func<TRead, T> map, CancellationToken cancellationToken)
        where T : class
    {
        var now = _time().GetUtcNow();
        if (get() is { } cached && now - cached.ReadAt < Lifetime && now >= cached.ReadAt)
        {
            return cached;
        }

        Snapshot<T> fresh;
        try
        {
            fresh = new Snapshot<T>(map(await read(cancellationToken).ConfigureAwait(false)), null, now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception error) when (error is ICoderException or HttpRequestException or Polly.ExecutionRejectedException or OperationCanceledException or System.Text.Json.JsonException)
        {
            fresh = new Snapshot<T>(null, Failure(error), now);
        }

        set(fresh);
        return fresh;
    }

    private static string Failure(Exception error) => error switch
    {
        CoderApiException api => $"{api.RequestMethod} {api.RouteTemplate} answered {(int)api.StatusCode} ({api.CoderMessage})",
        CoderException coder => coder.Message,
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
