using System.Net;
using System.Text.Json;
using CoderSdk.AspNetCore.Hosting;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CoderSdk.AspNetCore.Tests.Hosting;

/// <summary>
/// AddCoderProblemDetails in a WebApplication on 127.0.0.1 whose endpoints call FakeCoderServer: what the app's own
/// caller receives when coderd answers 404, 401 or 400 with validations.
/// </summary>
public sealed class ProblemDetailsTests : IAsyncLifetime
{
    private const string WrongToken = "Wr0ngT0ken-fedcba-9876543210";
    private FakeCoderServer _coder = null!;
    private LoopbackServer _app = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _coder = await FakeCoderServer.StartAsync();
        _app = await LoopbackServer.StartAsync(
            s =>
            {
                s.AddCoderClient(o => { o.BaseUrl = _coder.BaseUrl; o.SessionToken = _coder.AdminSessionToken; });
                s.AddCoderClient("stale", o => { o.BaseUrl = _coder.BaseUrl; o.SessionToken = WrongToken; });
                s.AddCoderProblemDetails();
            },
            a =>
            {
                a.UseExceptionHandler();
                a.MapGet("/users/{name}", async (string name, ICoderClient coder) => (await coder.Users.GetAsync(name)).Username);
                a.MapGet("/stale/me", async ([FromKeyedServices("stale")] ICoderClient coder) => (await coder.Users.GetAsync("me")).Username);
                a.MapGet("/workspaces", async (string q, ICoderClient coder) => (await coder.Workspaces.ListAsync(q)).Count);
                a.MapGet("/other", string () => throw new InvalidOperationException("not the SDK's"));
            });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _coder.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body, string Raw)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(_app.BaseUrl, path));
        var raw = await response.Content.ReadAsStringAsync();
        var body = raw.Length > 0 ? JsonDocument.Parse(raw).RootElement.Clone() : default;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, raw);
    }

    [Fact]
    public async Task Coderd404_Is404_WithCoderdsMessage()
    {
        var (status, type, body, _) = await GetAsync("users/nobody-by-this-name");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
        Assert.Equal(404, body.GetProperty("coderStatus").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Coderd401_Is502_AndTheTokenIsNowhere()
    {
        var (status, type, body, raw) = await GetAsync("stale/me");

        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Equal("application/problem+json", type);
        Assert.Equal(401, body.GetProperty("coderStatus").GetInt32());
        Assert.Contains("credentials", body.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WrongToken, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(_coder.AdminSessionToken, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coderd400WithValidations_Is400_WithErrorsByField()
    {
        var (status, _, body, _) = await GetAsync("workspaces?q=" + Uri.EscapeDataString("bogus:value"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, body.GetProperty("coderStatus").GetInt32());
        Assert.Equal("Invalid workspace search query.", body.GetProperty("detail").GetString());
        var errors = body.GetProperty("errors").GetProperty("q");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Contains("bogus", errors[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherExceptions_AreLeftToTheDefaultHandler()
    {
        var (status, _, body, _) = await GetAsync("other");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.False(body.ValueKind == JsonValueKind.Object && body.TryGetProperty("coderStatus", out _));
    }

    [Fact]
    public void Mapping_OfRateLimitsAndUnknownOutcomes()
    {
        var limited = CoderProblemDetails.Create(new CoderConcurrencyLimitExceededException(4));
        var unknown = CoderProblemDetails.Create(new CoderOutcomeUnknownException("POST", "/api/v2/x", new TimeoutException()));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, limited?.Status);
        Assert.Equal(StatusCodes.Status504GatewayTimeout, unknown?.Status);
        Assert.Null(CoderProblemDetails.Create(new HttpRequestException("refused")));
    }
}
