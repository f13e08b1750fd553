namespace CoderSdk.Testing;

/// <summary>One agent metadata item and its latest value.</summary>
/// <param name="Key">The key.</param>
/// <param name="DisplayName">The label.</param>
/// <param name="Value">The latest value.</param>
/// <param name="CollectedAt">When the value arrived.</param>
public sealed record FakeAgentMetadata(string Key, string DisplayName, string Value, DateTimeOffset CollectedAt);
