namespace CoderSdk.Versions;

/// <summary>What the SDK can tell about whether the connected deployment has an operation.</summary>
public enum CoderSupportStatus
{
    /// <summary>
    /// The SDK cannot tell: the server's version is unknown or not a release number, so version checks are off.
    /// The call is still made and coderd decides.
    /// </summary>
    Unknown,

    /// <summary>The server's release has the operation (or every supported release has it).</summary>
    Supported,

    /// <summary>
    /// The server's release predates the operation or no longer has it (a call would answer 404), or the deployment
    /// has a license feature or experiment the operation needs turned off (a call would answer 403; see
    /// <see cref="CoderOperationSupport.Gate"/>).
    /// </summary>
    NotSupported,
}
