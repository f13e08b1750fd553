namespace CoderSdk.Testing;

/// <summary>One agent log line.</summary>
/// <param name="Id">The line id.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="Level">The level.</param>
/// <param name="Output">The text.</param>
/// <param name="SourceId">The log source.</param>
public sealed record FakeAgentLog(long Id, DateTimeOffset CreatedAt, string Level, string Output, Guid SourceId);
