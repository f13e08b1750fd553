using CoderSdk.Apis;
using CoderSdk.Models;

namespace CoderSdk.Errors;

/// <summary>
/// A workspace agent's start-up ended without reaching <c>ready</c>: its start-up script failed
/// (<see cref="WorkspaceAgentLifecycle.StartError"/>) or took too long (<see cref="WorkspaceAgentLifecycle.StartTimeout"/>).
/// The agent may still be usable; its log (<see cref="ICoderStreams.FollowAgentLogsAsync"/>) says why.
/// </summary>
public sealed class CoderAgentStartupException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="workspaceId">The workspace the agent belongs to.</param>
    /// <param name="agent">The agent as coderd reported it.</param>
    public CoderAgentStartupException(Guid workspaceId, WorkspaceAgent agent)
        : base($"The agent '{agent?.Name}' ({agent?.Id}) of workspace {workspaceId} did not become ready: its lifecycle is {agent?.LifecycleState}.")
    {
        ArgumentNullException.ThrowIfNull(agent);
        WorkspaceId = workspaceId;
        Agent = agent;
    }

    /// <summary>The workspace the agent belongs to.</summary>
    public Guid WorkspaceId { get; }

    /// <summary>The agent as coderd reported it.</summary>
    public WorkspaceAgent Agent { get; }

    /// <summary>The agent's lifecycle state (<c>start_error</c> or <c>start_timeout</c>).</summary>
    public WorkspaceAgentLifecycle LifecycleState => Agent.LifecycleState;
}
