using System.Net;
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Testing;
using Refit;

namespace CoderSdk.Tests.Apis;

/// <summary>Raw Refit over the SDK's interfaces and models, as the README shows it: a caller's own HttpClient, the SDK's settings.</summary>
public sealed class RawRefitTests
{
    [Fact]
    public async Task AreaInterface_OverTheCallersHttpClient_ReadsModelsAndThrowsTypedErrors()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var http = Http(server);
        var users = RestService.ForGenerated<IUsersApi>(http, CoderRefitSettings.Create());

        var me = await users.GetAsync("me");
        var missing = await Assert.ThrowsAsync<CoderNotFoundException>(() => users.GetAsync("nobody-by-this-name"));

        Assert.Equal("admin", me.Username);
        Assert.Equal("GET /api/v2/users/{user}", $"{missing.RequestMethod} {missing.RouteTemplate}");
    }

    [Fact]
    public async Task OwnInterface_WithApiResponse_GetsStatusHeadersAndTheTypedBody()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var http = Http(server);
        var mine = RestService.ForGenerated<IMyCoderApi>(http, CoderRefitSettings.Create());

        using var found = await mine.GetUserAsync("me");
        using var missing = await mine.GetUserAsync("nobody-by-this-name");

        // What the README's "Refit inside" recipe says an IApiResponse<T> holds.
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.True(found.IsSuccessful);
        Assert.Equal("admin", found.Content!.Username);
        Assert.Null(found.Error);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(missing.IsSuccessful);
        Assert.False(string.IsNullOrEmpty(missing.ReasonPhrase));
        Assert.Null(missing.Content);
        Assert.Null(missing.Error); // Refit keeps only its own ApiException there; the SDK's typed error is dropped
    }

    private static HttpClient Http(FakeCoderServer server)
    {
        var http = new HttpClient { BaseAddress = server.BaseUrl };
        http.DefaultRequestHeaders.Add("Coder-Session-Token", server.AdminSessionToken);
        return http;
    }
}

/// <summary>A caller's own Refit interface over the SDK's models.</summary>
public interface IMyCoderApi
{
    [Get("/api/v2/users/{user}")]
    Task<IApiResponse<User>> GetUserAsync(string user);
}
