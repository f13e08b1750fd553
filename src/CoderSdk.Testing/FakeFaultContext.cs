namespace CoderSdk.Testing;

/// <summary>The request a fault policy is asked about.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="RawTarget">The path and query as sent.</param>
/// <param name="Arrival">How many times this method and target have arrived so far, this one included (1 for the first).</param>
/// <param name="Sequence">The request's number among all requests to the server (1 for the first).</param>
public sealed record FakeFaultContext(string Method, string Path, string RawTarget, int Arrival, long Sequence);
