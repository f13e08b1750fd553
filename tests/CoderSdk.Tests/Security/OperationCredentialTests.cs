using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Security;

/// <summary>
/// Each operation gets the credential its security scheme names: the provisioner key and the SCIM key go only to their
/// operations, the session token never goes where the scheme is another, and a missing key fails before sending.
/// </summary>
public sealed class OperationCredentialTests
{
    private const string SessionToken = "session-token-value-0001";
    private const string ProvisionerKey = "provisioner-key-value-0002";
    private const string ScimKey = "scim-key-value-0003";

    [Fact]
    public async Task ProvisionerKeyOperation_GetsTheKeyHeader_AndNoSessionToken()
    {
        await using var server = await FakeRecordingServer.StartAsync(new FakeRecordingServerOptions { Body = """{"id":"5b1e1bd4-9b05-4b1f-a3a4-1cf2d0a2a0a1","name":"ci"}""" });
        using var client = Client(server.BaseUrl, o => o.ProvisionerKey = ProvisionerKey);

        var key = await client.Provisioning.GetKeyAsync("ci");

        Assert.Equal("ci", key.Name);
        var request = Assert.Single(server.Requests);
        Assert.Equal(ProvisionerKey, request.Headers["Coder-Provisioner-Daemon-Key"]);
        Assert.False(request.Headers.ContainsKey("Coder-Session-Token"));
    }

    [Fact]
    public async Task ScimOperation_GetsTheBearerKey_AndNoSessionToken()
    {
        await using var server = await FakeRecordingServer.StartAsync(new FakeRecordingServerOptions { Body = """{"Resources":[]}""" });
        using var client = Client(server.BaseUrl, o => o.ScimApiKey = ScimKey);

        await client.Scim.ListUsersAsync();

        var request = Assert.Single(server.Requests);
        Assert.Equal("Bearer " + ScimKey, request.Headers["Authorization"]);
        Assert.False(request.Headers.ContainsKey("Coder-Session-Token"));
    }

    [Fact]
    public async Task SessionTokenOperations_NeverCarryTheOtherKeys()
    {
        await using var server = await FakeRecordingServer.StartAsync(new FakeRecordingServerOptions { Body = """{"username":"admin"}""" });
        using var client = Client(server.BaseUrl, o =>
        {
            o.ProvisionerKey = ProvisionerKey;
            o.ScimApiKey = ScimKey;
        });

        await client.Users.GetAsync("me");

        var request = Assert.Single(server.Requests);
        Assert.Equal(SessionToken, request.Headers["Coder-Session-Token"]);
        Assert.False(request.Headers.ContainsKey("Coder-Provisioner-Daemon-Key"));
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task AMissingKey_FailsWithTheSettingsName_BeforeSending()
    {
        await using var server = await FakeRecordingServer.StartAsync();
        using var client = Client(server.BaseUrl, _ => { });

        var provisioner = await Assert.ThrowsAsync<CoderConfigurationException>(() => client.Provisioning.GetKeyAsync("ci"));
        var scim = await Assert.ThrowsAsync<CoderConfigurationException>(() => client.Scim.ListUsersAsync());

        Assert.Contains("CoderClientOptions.ProvisionerKey", provisioner.Message, StringComparison.Ordinal);
        Assert.Contains("CoderClientOptions.ScimApiKey", scim.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void TheKeys_AreMaskedInToString_AndAScimOnlyClientNeedsNoSessionToken()
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), ScimApiKey = ScimKey, ProvisionerKey = ProvisionerKey };

        Assert.Empty(options.GetValidationErrors());
        Assert.DoesNotContain(ScimKey, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ProvisionerKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("ScimApiKey = ****", options.ToString(), StringComparison.Ordinal);
    }

    private static CoderClient Client(Uri baseUrl, Action<CoderClientOptions> configure)
    {
        var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = SessionToken };
        configure(options);
        return new CoderClient(options);
    }
}
