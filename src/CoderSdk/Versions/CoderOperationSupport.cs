namespace CoderSdk.Versions;

/// <summary>The answer of <see cref="ICoderClient.CheckSupportAsync"/>: the operation, the verdict and why.</summary>
public sealed class CoderOperationSupport
{
    internal CoderOperationSupport(CoderApiOperation operation, CoderSupportStatus status, CoderServerVersion? serverVersion, string reason, CoderFeatureGate? gate = null)
    {
        Operation = operation;
        Status = status;
        ServerVersion = serverVersion;
        Reason = reason;
        Gate = gate;
    }

    /// <summary>
    /// When the verdict is <see cref="CoderSupportStatus.NotSupported"/> because the deployment has a license feature or
    /// an experiment the operation needs turned off, that switch; otherwise <see langword="null"/>.
    /// </summary>
    public CoderFeatureGate? Gate { get; }

    /// <summary>The operation that was checked.</summary>
    public CoderApiOperation Operation { get; }

    /// <summary>Supported, not supported, or unknown.</summary>
    public CoderSupportStatus Status { get; }

    /// <summary>
    /// True unless the status is <see cref="CoderSupportStatus.NotSupported"/>: when the SDK cannot tell, it counts
    /// the operation as supported and lets coderd decide.
    /// </summary>
    public bool IsSupported => Status != CoderSupportStatus.NotSupported;

    /// <summary>The server's version, when it reported one that is a release number.</summary>
    public CoderServerVersion? ServerVersion { get; }

    /// <summary>How the verdict was reached: versions compared or why checks are off, then what the deployment's entitlements and experiments said when the operation is gated.</summary>
    public string Reason { get; }

    /// <summary><c>Workspaces.GetAsync: Supported: ...</c>.</summary>
    /// <returns>The operation, the status and the reason.</returns>
    public override string ToString() => $"{Operation.Name}: {Status}: {Reason}";
}
