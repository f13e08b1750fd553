namespace CoderSdk.Apis;

/// <summary>When <see cref="ICoderStreams.FollowAgentLogsAsync"/> ends.</summary>
public enum AgentLogFollowMode
{
    /// <summary>
    /// Follow until the caller stops (or the agent shuts down). coderd keeps the stream open after start-up, so this
    /// also shows what the agent logs later.
    /// </summary>
    UntilCanceled,

    /// <summary>
    /// Follow until the agent's lifecycle leaves <c>created</c> and <c>starting</c> (ready, start error or start
    /// timeout), then read once more without following so no line written before that is missed, and end.
    /// </summary>
    UntilStartupCompletes,
}
