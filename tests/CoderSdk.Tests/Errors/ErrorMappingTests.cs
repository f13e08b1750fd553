using System.Net;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CoderSdk.Tests.Errors;

/// <summary>Every way a response can go wrong ends in a documented, typed exception: never a bare JsonException, never a hang.</summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public async Task GetWorkspace_Unknown_NotFoundWithCoderMessage()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Workspaces.GetAsync(Guid.Parse("11111111-2222-3333-4444-555555555555")));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("Resource not found or you do not have access to this resource", ex.CoderMessage);
        Assert.Equal("GET /api/v2/workspaces/{workspace}: 404 Not Found: Resource not found or you do not have access to this resource", ex.Message);
        Assert.Equal("/api/v2/workspaces/11111111-2222-3333-4444-555555555555", ex.RequestPath);
        Assert.Equal("GET", ex.RequestMethod);
    }

    [Fact]
    public async Task AnyCall_WrongToken_UnauthorizedWithDetail()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server.BaseUrl, TestClients.LeakCanaryToken);

        var ex = await Assert.ThrowsAsync<CoderUnauthorizedException>(() => client.Users.GetAsync("me"));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("API key is invalid.", ex.Detail);
        Assert.Contains("signed out", ex.CoderMessage);
        Assert.DoesNotContain(TestClients.LeakCanaryToken, ex.ToString());
    }

    [Fact]
    public async Task CoderError_WithValidations_ExposedAndInMessage()
    {
        const string body = """{"message":"Validation failed.","detail":"see fields","validations":[{"field":"name","detail":"must be lowercase"},{"field":"ttl_ms","detail":"too long"}]}""";
        await using var server = await LoopbackServer.RespondingAsync(400, "application/json; charset=utf-8", body);
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderApiException>(() => client.Users.GetAsync("me"));

        Assert.Equal(typeof(CoderApiException), ex.GetType());
        Assert.Equal("Validation failed.", ex.CoderMessage);
        Assert.Equal("see fields", ex.Detail);
        Assert.Equal([new CoderValidationError("name", "must be lowercase"), new CoderValidationError("ttl_ms", "too long")], ex.Validations);
        Assert.Equal("GET /api/v2/users/{user}: 400 Bad Request: Validation failed.: see fields (name: must be lowercase; ttl_ms: too long)", ex.Message);
        Assert.Equal(body, ex.ResponseBody);
    }

    [Fact]
    public async Task ProxyHtml502_TypedErrorWithTextExcerpt()
    {
        const string html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";
        await using var server = await LoopbackServer.RespondingAsync(502, "text/html", html);
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderApiException>(() => client.Workspaces.ListAsync());

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.StartsWith("GET /api/v2/workspaces: 502 Bad Gateway: the response body was not Coder's JSON error (text/html, ", ex.Message);
        Assert.Contains("502 Bad Gateway 502 Bad Gateway nginx", ex.Message);
        Assert.DoesNotContain("<html>", ex.Message);
        Assert.Equal(html, ex.ResponseBody);
    }

    [Fact]
    public async Task Empty500_TypedErrorSaysBodyWasEmpty()
    {
        await using var server = await LoopbackServer.RespondingAsync(500, "", "");
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderApiException>(() => client.General.GetBuildInfoAsync());

        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Equal("GET /api/v2/buildinfo: 500 Internal Server Error: the response had an empty body", ex.Message);
        Assert.Null(ex.ResponseBody);
    }

    [Fact]
    public async Task MalformedJsonOn200_InvalidResponseWithJsonPosition()
    {
        await using var server = await LoopbackServer.RespondingAsync(200, "application/json", """{"workspaces":[{"id":"not-a-uuid"}],"count":1}""");
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.Workspaces.ListAsync());

        Assert.Equal("$.workspaces[0].id", ex.JsonPath);
        Assert.Equal(0, ex.LineNumber);
        Assert.NotNull(ex.BytePosition);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
        Assert.StartsWith("GET /api/v2/workspaces: 200 OK: the JSON body could not be read as WorkspacesResponse", ex.Message);
        Assert.Contains("$.workspaces[0].id", ex.Message);
    }

    [Fact]
    public async Task TruncatedJsonOn200_DeclaredLengthNotReached_InvalidResponse()
    {
        await using var server = new RawHttpServer("HTTP/1.1 200 OK\nContent-Type: application/json\nContent-Length: 400\nConnection: close\n\n{\"workspaces\":[{\"name\":\"de");
        using var client = TestClients.For(server.BaseUrl, TestClients.LeakCanaryToken);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.Workspaces.ListAsync());

        Assert.Contains("ended before it was complete", ex.Message);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public async Task TruncatedJsonOn200_ConnectionClosedWithoutLength_InvalidResponseWithPosition()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"version":"v2.1","external_url":"http""");
        });
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.General.GetBuildInfoAsync());

        Assert.Contains("could not be read as BuildInfoResponse", ex.Message);
        Assert.Equal(0, ex.LineNumber);
    }

    [Fact]
    public async Task HtmlOn200_LoginPageFromProxy_InvalidResponseNamesContentType()
    {
        await using var server = await LoopbackServer.RespondingAsync(200, "text/html; charset=utf-8", "<!doctype html><title>Sign in</title><p>Please log in</p>");
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.Users.GetAsync("me"));

        Assert.Contains("expected JSON but the body is text/html", ex.Message);
        Assert.Contains("Sign in Please log in", ex.Message);
    }

    [Fact]
    public async Task EmptyBodyOn200_InvalidResponse()
    {
        await using var server = await LoopbackServer.RespondingAsync(200, "application/json", "");
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.Users.GetAsync("me"));

        Assert.Contains("response was empty", ex.Message);
    }

    [Fact]
    public async Task JsonNullOn200_InvalidResponse()
    {
        await using var server = await LoopbackServer.RespondingAsync(200, "application/json", "null");
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAsync<CoderInvalidResponseException>(() => client.Users.GetAsync("me"));

        Assert.Contains("was JSON null", ex.Message);
    }

    [Theory]
    [InlineData(403, typeof(CoderForbiddenException))]
    [InlineData(409, typeof(CoderConflictException))]
    [InlineData(429, typeof(CoderRateLimitedException))]
    [InlineData(418, typeof(CoderApiException))]
    public async Task StatusCodes_MapToDocumentedSubclasses(int status, Type expected)
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            if (status == 429)
            {
                context.Response.Headers.RetryAfter = "60";
                context.Response.Headers["X-RateLimit-Limit"] = "512";
                context.Response.Headers["X-RateLimit-Remaining"] = "0";
                context.Response.Headers["X-RateLimit-Reset"] = "1767225600";
            }

            await context.Response.WriteAsync("""{"message":"nope"}""");
        });
        using var client = TestClients.For(server);

        var ex = await Assert.ThrowsAnyAsync<CoderApiException>(() => client.Users.GetAsync("me"));

        Assert.Equal(expected, ex.GetType());
        Assert.Equal("nope", ex.CoderMessage);
        if (ex is CoderRateLimitedException limited)
        {
            Assert.Equal(TimeSpan.FromSeconds(60), limited.RetryAfter);
            Assert.Equal(512, limited.RateLimitLimit);
            Assert.Equal(0, limited.RateLimitRemaining);
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1767225600), limited.RateLimitReset);
        }
    }

    [Fact]
    public async Task UnknownEnumValue_FromNewerServer_ReadAndKept()
    {
        await using var server = await LoopbackServer.RespondingAsync(200, "application/json",
            """{"id":"5d3ffb1e-58d0-4b48-a7b1-6a9b9d0b5a11","build_number":3,"status":"hibernating","transition":"start","job":{"id":"00000000-0000-0000-0000-000000000000","status":"queued-elsewhere","created_at":"2026-06-01T10:00:00.123456789Z"},"new_field":{"a":[1,2]}}""");
        using var client = TestClients.For(server);

        var build = await client.Builds.GetAsync(Guid.NewGuid());

        Assert.Equal("hibernating", build.Status.Value);
        Assert.False(build.Status.IsKnown);
        Assert.Equal("queued-elsewhere", build.Job.Status.Value);
        Assert.Equal(Guid.Empty, build.Job.Id);
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), build.Job.CreatedAt);
        Assert.True(build.AdditionalProperties!.ContainsKey("new_field"));
    }

    [Fact]
    public async Task ServerNeverAnswers_CancellationStopsTheCall()
    {
        var release = new TaskCompletionSource();
        await using var server = await LoopbackServer.StartAsync(async context => await release.Task.WaitAsync(context.RequestAborted));
        using var client = TestClients.For(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Users.GetAsync("me", cts.Token));
        release.TrySetResult();
    }

    [Fact]
    public async Task NothingListening_TransportFailureStaysHttpRequestException()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = TestClients.For(new Uri($"http://127.0.0.1:{port}"), TestClients.LeakCanaryToken);

        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.Users.GetAsync("me"));

        Assert.DoesNotContain(TestClients.LeakCanaryToken, ex.ToString());
    }
}
