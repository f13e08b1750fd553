using CoderSdk.Testing;

namespace CoderSdk.Tests.Infrastructure;

internal static class TestClients
{
    /// <summary>A token shape that no real deployment issued; leak tests search for it.</summary>
    public const string LeakCanaryToken = "canary0001-LeakCanarySecretValue42";

    public static CoderClient For(FakeCoderServer server) => For(server.BaseUrl, server.AdminSessionToken);

    public static CoderClient For(LoopbackServer server, string token = LeakCanaryToken) => For(server.BaseUrl, token);

    /// <summary>A client with the real retry rules but millisecond waits, so failure tests stay fast.</summary>
    public static CoderClient For(Uri baseUrl, string token)
    {
        var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = token };
        Support.TestClients.Shorten(options.Resilience);
        return new CoderClient(options);
    }

    /// <summary>Runs an operation expected to fail and returns the exception, so a test can inspect it.</summary>
    public static async Task<T> FailsWith<T>(Func<Task> operation) where T : Exception => await Assert.ThrowsAsync<T>(operation);
}
