namespace CoderSdk.Testing;

/// <summary>One provisioner log line.</summary>
/// <param name="Id">The line id, increasing across the server.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Source"><c>provisioner_daemon</c> or <c>provisioner</c>.</param>
/// <param name="Level"><c>trace</c>, <c>debug</c>, <c>info</c>, <c>warn</c> or <c>error</c>.</param>
/// <param name="Stage">The build stage, e.g. <c>Planning infrastructure</c>.</param>
/// <param name="Output">The text.</param>
public sealed record FakeLog(long Id, DateTimeOffset CreatedAt, string Source, string Level, string Stage, string Output);
