namespace CoderSdk.Testing;

/// <summary>Workspace agents: lifecycle, logs and metadata.</summary>
public sealed partial class FakeCoderState
{
    private readonly Dictionary<Guid, FakeAgent> _agents = [];
    private long _nextAgentLogId;

    /// <summary>Raised (outside the lock) after an agent changes: lifecycle, connection status or metadata.</summary>
    public event Action<FakeAgent>? AgentChanged;

    /// <summary>Raised (outside the lock) after log lines are appended to an agent, with the new lines.</summary>
    public event Action<FakeAgent, IReadOnlyList<FakeAgentLog>>? AgentLogsAppended;

    /// <summary>Raised (outside the lock) when something a workspace watcher shows changed (builds, jobs, agents).</summary>
    public event Action<Guid>? WorkspaceChanged;

    /// <summary>Adds an agent (lifecycle <c>created</c>, status <c>connecting</c>) to a build's resource.</summary>
    /// <param name="build">The build whose resource hosts the agent.</param>
    /// <param name="name">The agent name.</param>
    /// <returns>The agent.</returns>
    public FakeAgent AddAgent(FakeBuild build, string name = "main")
    {
        FakeAgent agent;
        lock (Sync)
        {
            agent = new FakeAgent { Name = name, BuildId = build.Id, WorkspaceId = build.WorkspaceId, CreatedAt = Now };
            _agents[agent.Id] = agent;
        }

        RaiseAgentChanged(agent);
        return agent;
    }

    /// <summary>Finds an agent by id.</summary>
    public FakeAgent? Agent(Guid id)
    {
        lock (Sync)
        {
            return _agents.GetValueOrDefault(id);
        }
    }

    /// <summary>The agents of a build, in creation order.</summary>
    public IReadOnlyList<FakeAgent> AgentsOf(FakeBuild build)
    {
        lock (Sync)
        {
            return [.. _agents.Values.Where(a => a.BuildId == build.Id).OrderBy(a => a.CreatedAt).ThenBy(a => a.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Moves an agent to a lifecycle state (<c>created</c>, <c>starting</c>, <c>ready</c>, <c>start_error</c>,
    /// <c>start_timeout</c>, <c>shutting_down</c>, <c>off</c>, ...), updating its connection status and times as coderd would.
    /// </summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="lifecycle">The new state.</param>
    public void SetAgentLifecycle(Guid agentId, string lifecycle)
    {
        FakeAgent agent;
        lock (Sync)
        {
            agent = _agents[agentId];
            agent.Lifecycle = lifecycle;
            switch (lifecycle)
            {
                case "starting":
                    agent.Status = "connected";
                    agent.StartedAt = Now;
                    agent.ReadyAt = null;
                    break;
                case "ready" or "start_error" or "start_timeout":
                    agent.Status = "connected";
                    agent.ReadyAt = Now;
                    break;
                case "off" or "shutdown_error" or "shutdown_timeout":
                    agent.Status = "disconnected";
                    break;
            }
        }

        RaiseAgentChanged(agent);
    }

    /// <summary>Appends lines to an agent's log (one batch, as the agent would send them).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="lines">The lines.</param>
    /// <returns>The stored lines.</returns>
    public IReadOnlyList<FakeAgentLog> AppendAgentLogs(Guid agentId, params string[] lines)
    {
        FakeAgent agent;
        var added = new List<FakeAgentLog>(lines.Length);
        lock (Sync)
        {
            agent = _agents[agentId];
            foreach (var line in lines)
            {
                var log = new FakeAgentLog(++_nextAgentLogId, Now, "info", line, agent.LogSourceId);
                agent.Logs.Add(log);
                agent.LogsLength += line.Length;
                added.Add(log);
            }
        }

        AgentLogsAppended?.Invoke(agent, added);
        return added;
    }

    /// <summary>An agent's log lines with an id greater than <paramref name="after"/>.</summary>
    public IReadOnlyList<FakeAgentLog> AgentLogs(Guid agentId, long after = 0)
    {
        lock (Sync)
        {
            return [.. _agents[agentId].Logs.Where(l => l.Id > after)];
        }
    }

    /// <summary>Sets one metadata value of an agent (adding the item when it is new).</summary>
    /// <param name="agentId">The agent.</param>
    /// <param name="key">The item key.</param>
    /// <param name="value">The value.</param>
    /// <param name="displayName">The label; the key when null.</param>
    public void SetAgentMetadata(Guid agentId, string key, string value, string? displayName = null)
    {
        FakeAgent agent;
        lock (Sync)
        {
            agent = _agents[agentId];
            agent.Metadata[key] = new FakeAgentMetadata(key, displayName ?? key, value, Now);
        }

        RaiseAgentChanged(agent);
    }

    /// <summary>An agent's metadata items, sorted by key.</summary>
    public IReadOnlyList<FakeAgentMetadata> AgentMetadata(Guid agentId)
    {
        lock (Sync)
        {
            return [.. _agents[agentId].Metadata.Values];
        }
    }

    /// <summary>The build that runs a job, if the job is a workspace build.</summary>
    public FakeBuild? BuildOfJob(Guid jobId)
    {
        lock (Sync)
        {
            return _builds.Values.FirstOrDefault(b => b.JobId == jobId);
        }
    }

    /// <summary>Tells workspace watchers to send a fresh snapshot of the workspace.</summary>
    /// <param name="workspaceId">The workspace.</param>
    public void NotifyWorkspaceChanged(Guid workspaceId) => WorkspaceChanged?.Invoke(workspaceId);

    private void RaiseAgentChanged(FakeAgent agent)
    {
        AgentChanged?.Invoke(agent);
        NotifyWorkspaceChanged(agent.WorkspaceId);
    }
}
