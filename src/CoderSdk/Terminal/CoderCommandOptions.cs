using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;

namespace CoderSdk.Terminal;

/// <summary>How <see cref="ICoderStreams.RunCommandAsync"/> runs a command.</summary>
public sealed class CoderCommandOptions
{
    /// <summary>
    /// How long the command may run, on the client's <see cref="CoderClientOptions.TimeProvider"/>; then the session is
    /// closed and <see cref="CoderCommandTimeoutException"/> carries the output so far. Ten minutes by default;
    /// <see cref="Timeout.InfiniteTimeSpan"/> for none.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Columns of the command's terminal. 200 by default, so few lines wrap.</summary>
    public int Width { get; init; } = 200;

    /// <summary>Rows of the command's terminal. 24 by default.</summary>
    public int Height { get; init; } = 24;

    /// <summary>A container visible to the agent to run the command in (see <see cref="CoderTerminalOptions.Container"/>).</summary>
    public string? Container { get; init; }

    /// <summary>The user inside <see cref="Container"/>.</summary>
    public string? ContainerUser { get; init; }

    /// <summary>
    /// The agent to run on, by name, when a workspace has several (for the overload that takes a workspace name); null
    /// picks the only one.
    /// </summary>
    public string? AgentName { get; init; }
}
