namespace CoderSdk.Testing;

/// <summary>One request a <see cref="FakeRecordingServer"/> received.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The path and query as sent.</param>
/// <param name="Headers">The request headers.</param>
/// <param name="Port">The port it arrived on.</param>
/// <param name="ClientCertificateSubject">The subject of the client certificate presented, if any.</param>
/// <param name="WasWebSocket">Whether it was a WebSocket upgrade (accepted, then closed normally).</param>
public sealed record FakeRecordedExchange(string Method, string RawTarget, IReadOnlyDictionary<string, string> Headers, int Port, string? ClientCertificateSubject, bool WasWebSocket);
