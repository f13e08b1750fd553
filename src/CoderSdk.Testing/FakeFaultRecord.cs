namespace CoderSdk.Testing;

/// <summary>What happened to one request.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The path and query as sent.</param>
/// <param name="Fault">The fault injected, if any.</param>
/// <param name="EndpointStatus">The status the endpoint produced, when it ran (0 when it did not).</param>
public sealed record FakeFaultRecord(string Method, string RawTarget, FakeFault? Fault, int EndpointStatus)
{
    /// <summary>Whether the endpoint ran, so its effects happened.</summary>
    public bool EndpointRan => EndpointStatus != 0;
}
