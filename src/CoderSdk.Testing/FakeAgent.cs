namespace CoderSdk.Testing;

/// <summary>A workspace agent held by the fake server.</summary>
public sealed class FakeAgent
{
    /// <summary>The agent id.</summary>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The id of the resource that hosts the agent.</summary>
    public Guid ResourceId { get; init; } = Guid.NewGuid();

    /// <summary>The id of the agent's single log source (its start-up script).</summary>
    public Guid LogSourceId { get; init; } = Guid.NewGuid();

    /// <summary>The build that created the agent.</summary>
    public Guid BuildId { get; init; }

    /// <summary>The workspace.</summary>
    public Guid WorkspaceId { get; init; }

    /// <summary>The agent name.</summary>
    public required string Name { get; init; }

    /// <summary>The lifecycle state.</summary>
    public string Lifecycle { get; set; } = "created";

    /// <summary>The connection status.</summary>
    public string Status { get; set; } = "connecting";

    /// <summary>When the agent record was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When start-up began.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When start-up ended.</summary>
    public DateTimeOffset? ReadyAt { get; set; }

    /// <summary>The log, in id order. Read it through <see cref="FakeCoderState.AgentLogs"/> while the server runs.</summary>
    public List<FakeAgentLog> Logs { get; } = [];

    /// <summary>The total length of the log text.</summary>
    public long LogsLength { get; internal set; }

    /// <summary>The metadata items by key.</summary>
    public SortedDictionary<string, FakeAgentMetadata> Metadata { get; } = new(StringComparer.Ordinal);
}
