namespace CoderSdk.Errors;

/// <summary>
/// coderd refused a new workspace build with 409 Conflict because another build of the workspace is still active.
/// Wait for it (<c>WaitForBuildAsync</c>) or cancel it (<c>CancelBuildAsync</c>), then try again.
/// </summary>
public sealed class CoderBuildConflictException : CoderConflictException
{
    /// <summary>Creates the exception from coderd's 409 answer.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="activeBuildId">The build that is still active, when it is known.</param>
    /// <param name="innerException">The original conflict exception.</param>
    public CoderBuildConflictException(CoderErrorInfo info, Guid? activeBuildId, Exception? innerException = null) : base(info, innerException)
    {
        ActiveBuildId = activeBuildId;
    }

    /// <summary>
    /// The build that is still active: taken from coderd's answer when it names one, otherwise from the workspace's
    /// latest build when that is still pending or running. Null when neither told.
    /// </summary>
    public Guid? ActiveBuildId { get; }
}
