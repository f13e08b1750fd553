namespace CoderSdk.Testing;

/// <summary>One request as the fake server received it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The path and query exactly as sent (still percent-encoded).</param>
/// <param name="Headers">The request headers.</param>
/// <param name="Port">The port of the listener that received it.</param>
public sealed record FakeRecordedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, int Port);
