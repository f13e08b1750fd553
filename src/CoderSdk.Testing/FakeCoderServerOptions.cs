namespace CoderSdk.Testing;

/// <summary>How a <see cref="FakeCoderServer"/> starts and behaves.</summary>
public sealed partial class FakeCoderServerOptions
{
    /// <summary>
    /// The session token of the seeded administrator (<c>admin</c>). Defaults to a random value per server, so a
    /// test never depends on a fixed secret.
    /// </summary>
    public string? AdminSessionToken { get; set; }

    /// <summary>Seed demo data (a second user, a template with a version, and a few workspaces). On by default.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// Move provisioner jobs through pending, running and succeeded on their own, writing log lines as they go.
    /// Turn it off to drive jobs by hand with <see cref="FakeCoderState.AdvanceJob(System.Guid)"/>.
    /// </summary>
    public bool AutoAdvanceJobs { get; set; } = true;

    /// <summary>The pause between two steps of an automatically advancing job (state changes and log lines).</summary>
    public TimeSpan JobStepDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// The server's clock: the timestamps it writes (<c>created_at</c>, build and job times, stream records) and the
    /// waits of its simulated behaviour (<see cref="JobStepDelay"/>, stream pings and heartbeats, slow-response
    /// faults). Give it the same <c>FakeTimeProvider</c> as the client under test to drive both by hand. The system
    /// clock by default. Socket housekeeping (the short drain before a dropped connection, the wait for a close answer)
    /// stays on real time: it is about the transport, not about what coderd does.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How many log lines a build writes while it runs.</summary>
    public int LogLinesPerBuild { get; set; } = 8;

    /// <summary>The address to listen on. Only loopback addresses are allowed.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// The port to listen on; 0 (the default) picks a free one. A fixed port that is already taken makes
    /// <see cref="FakeCoderServer.StartAsync"/> throw an <see cref="IOException"/> naming it.
    /// </summary>
    public int Port { get; set; }
}
