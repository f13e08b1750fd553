using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Apis;
using Microsoft.Extensions.DependencyInjection;
using Refit;

namespace CoderSdk.Tests.Security;

/// <summary>
/// The SDK's handlers send the session token only to their deployment, whatever sends through them: two loopback
/// servers, the deployment (a fake coderd) and another origin that records whatever reaches it.
/// </summary>
public sealed class ForeignOriginTests
{
    [Fact]
    public async Task NamedHttpClient_RequestToAnotherOrigin_IsRefusedBeforeAnythingIsSent()
    {
        await using var coderd = await FakeCoderServer.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        await using var provider = Provider(coderd);
        var http = NamedClient(provider);

        var refused = await Assert.ThrowsAsync<CoderForeignOriginException>(() => http.GetAsync(new Uri(other.BaseUrl, "collect?x=1")));
        using var home = await http.GetAsync(new Uri("api/v2/users/me", UriKind.Relative));

        Assert.Empty(other.Requests);
        Assert.Equal(coderd.BaseUrl, http.BaseAddress);
        Assert.Equal(other.BaseUrl.GetLeftPart(UriPartial.Authority), refused.RequestOrigin);
        Assert.Equal(coderd.BaseUrl.GetLeftPart(UriPartial.Authority), refused.DeploymentOrigin);
        Assert.DoesNotContain("collect", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(coderd.AdminSessionToken, refused.ToString(), StringComparison.Ordinal);
        Assert.True(home.IsSuccessStatusCode);
        Assert.Equal(coderd.AdminSessionToken, coderd.Requests.Single().Headers["Coder-Session-Token"]);
    }

    [Fact]
    public async Task OwnRefitInterface_OverTheNamedClientPointedElsewhere_IsRefused()
    {
        await using var coderd = await FakeCoderServer.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        await using var provider = Provider(coderd);
        var http = NamedClient(provider);
        http.BaseAddress = other.BaseUrl;
        var mine = RestService.ForGenerated<IMyCoderApi>(http, CoderRefitSettings.Create());

        await Assert.ThrowsAsync<CoderForeignOriginException>(() => mine.GetUserAsync("me"));

        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task SameHostOtherPort_IsAnotherOrigin()
    {
        await using var coderd = await FakeCoderServer.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        using var client = new CoderClient(coderd.BaseUrl, coderd.AdminSessionToken);
        using var request = new HttpRequestMessage(HttpMethod.Post, new UriBuilder(coderd.BaseUrl) { Port = other.BaseUrl.Port, Path = "/api/v2/users" }.Uri)
        {
            Content = new StringContent("{}"),
        };

        var refused = await Assert.ThrowsAsync<CoderForeignOriginException>(() => client.Connection.Invoker.SendAsync(request, CancellationToken.None));

        Assert.Equal("POST", refused.Method);
        Assert.Empty(other.Requests);
    }

    private static HttpClient NamedClient(ServiceProvider provider) =>
        provider.GetRequiredService<IHttpClientFactory>().CreateClient(CoderServiceCollectionExtensions.HttpClientNamePrefix);

    private static ServiceProvider Provider(FakeCoderServer coderd)
    {
        var services = new ServiceCollection();
        services.AddCoderClient(o =>
        {
            o.BaseUrl = coderd.BaseUrl;
            o.SessionToken = coderd.AdminSessionToken;
        });
        return services.BuildServiceProvider();
    }
}
