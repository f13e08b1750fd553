using CoderSdk.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace CoderSdk.Tests.FakeServer;

/// <summary>How a fake server behaves inside the process that hosts it: ports it cannot get, and signals.</summary>
public sealed class FakeServerHostingTests
{
    // Not a timing assertion: a bound far above any start-up, so that a hang fails the test instead of the run.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartAsync_PortAlreadyTakenByAnotherFakeServer_ThrowsNamingThePort()
    {
        await using var first = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { SeedDemoData = false });
        var port = first.BaseUrl.Port;

        var error = await Assert.ThrowsAsync<IOException>(() =>
            FakeCoderServer.StartAsync(new FakeCoderServerOptions { Port = port, SeedDemoData = false }).WaitAsync(HangGuard));

        Assert.StartsWith($"The fake Coder server cannot listen on 127.0.0.1:{port}: the port is already in use", error.Message, StringComparison.Ordinal);
        Assert.Equal("admin", (await HealthyUserAsync(first)).Username);
    }

    [Fact]
    public async Task StartAsync_LeavesTheHostProcessSignalsAlone()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { SeedDemoData = false });

        // A console lifetime would answer the process's SIGTERM by stopping only this server and keep the process alive.
        Assert.IsNotType<ConsoleLifetime>(server.Services.GetRequiredService<IHostLifetime>());
    }

    private static async Task<global::CoderSdk.Models.User> HealthyUserAsync(FakeCoderServer server)
    {
        using var client = new CoderClient(server.BaseUrl, server.AdminSessionToken);
        return await client.Users.GetAsync("me");
    }
}
