using System.Net;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Security;

public sealed class RedirectTests
{
    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Get_RedirectToListenerOnAnotherPort_ThrowsAndThatListenerReceivesNothing(int status)
    {
        await using var server = await FakeCoderServer.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.Redirect(new Uri(other.BaseUrl, "api/v2/users/me?stolen=1"), status), TestClients.IsMe);

        var error = await Assert.ThrowsAsync<CoderRedirectException>(() => client.WhoAmIAsync());

        Assert.Empty(other.Requests);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(other.BaseUrl.GetLeftPart(UriPartial.Authority), error.TargetOrigin);
        Assert.Contains("another origin", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stolen", error.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests, r => r.RawTarget == "/api/v2/users/me");
    }

    [Fact]
    public async Task Get_RedirectToAnotherHostNameOfTheSameMachine_Refused()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.Redirect(new Uri($"http://localhost:{server.BaseUrl.Port}/api/v2/users/me")), TestClients.IsMe);

        await Assert.ThrowsAsync<CoderRedirectException>(() => client.WhoAmIAsync());

        Assert.Single(server.Requests, r => r.RawTarget.StartsWith("/api/v2/users/me", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_RedirectWithinTheSameOrigin_FollowedWithTheToken()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log);
        server.Faults.Enqueue(FakeFault.Redirect(new Uri("/api/v2/users/me?moved=1", UriKind.Relative), 308), TestClients.IsMe);

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);

        var followed = server.Requests.Single(r => r.RawTarget == "/api/v2/users/me?moved=1");
        Assert.Equal(server.AdminSessionToken, followed.Headers[CoderCredentialStep.SessionTokenHeader]);
        Assert.Equal("1", Assert.Single(log.Named("RedirectFollowed"))["Hop"]);
    }

    [Fact]
    public async Task Get_RedirectFromHttpToHttpsOnTheSameHost_Followed()
    {
        var certificates = TestCertificates.Instance;
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { HttpsCertificate = certificates.Loopback });
        using var client = TestClients.Create(server, configure: o => o.Tls.CaCertificates.Add(certificates.Authority));
        server.Faults.Enqueue(FakeFault.Redirect(new Uri(server.HttpsBaseUrl!, "api/v2/users/me"), 301), c => TestClients.IsMe(c));

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);

        var overTls = Assert.Single(server.Requests, r => r.Port == server.HttpsBaseUrl!.Port);
        Assert.Equal(server.AdminSessionToken, overTls.Headers[CoderCredentialStep.SessionTokenHeader]);
    }

    [Fact]
    public async Task Post_307WithinTheSameOrigin_ResentWithItsBodyAndCreatesOnce()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        using var client = TestClients.Create(server);
        var before = server.State.WorkspacesCreated;
        server.Faults.Enqueue(FakeFault.Redirect(new Uri("/api/v2/users/admin/workspaces", UriKind.Relative), 307), c => c.Method == "POST");

        await client.CreateWorkspaceAsync("moved", server.AnyTemplate());

        Assert.Equal(before + 1, server.State.WorkspacesCreated);
        Assert.Equal(2, server.Requests.Count(r => r.Method == "POST"));
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Post_307Or308ToAnotherOrigin_ThrowsRedirectErrorNotOutcomeUnknown(int status)
    {
        // The refusal happens before anything is sent to the other origin, and the first server answered with the
        // redirect instead of acting: the outcome is known, so it must not read as "may have reached coderd".
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        await using var other = await FakeRecordingServer.StartAsync();
        using var client = TestClients.Create(server);
        var before = server.State.WorkspacesCreated;
        server.Faults.Enqueue(FakeFault.Redirect(new Uri(other.BaseUrl, "api/v2/users/admin/workspaces"), status), c => c.Method == "POST");

        var error = await Record.ExceptionAsync(() => client.CreateWorkspaceAsync("elsewhere", server.AnyTemplate()));

        var redirect = Assert.IsType<CoderRedirectException>(error);
        Assert.Equal((HttpStatusCode)status, redirect.StatusCode);
        Assert.Equal("POST", redirect.RequestMethod);
        Assert.Equal(other.BaseUrl.GetLeftPart(UriPartial.Authority), redirect.TargetOrigin);
        Assert.Contains("nothing was sent there", redirect.Message, StringComparison.Ordinal);
        Assert.Empty(other.Requests);
        Assert.Equal(before, server.State.WorkspacesCreated);
        Assert.Single(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Post_302_NotFollowed()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false });
        using var client = TestClients.Create(server);
        server.Faults.Enqueue(FakeFault.Redirect(new Uri("/api/v2/users/admin/workspaces", UriKind.Relative), 302), c => c.Method == "POST");

        var error = await Assert.ThrowsAnyAsync<CoderApiException>(() => client.CreateWorkspaceAsync("not-moved", server.AnyTemplate()));

        Assert.Equal(HttpStatusCode.Found, error.StatusCode);
        Assert.Single(server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Get_RedirectLoop_StopsAfterMaxRedirects()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.MaxRedirects = 3);
        server.Faults.SetPolicy(c => TestClients.IsMe(c) ? FakeFault.Redirect(new Uri("/api/v2/users/me", UriKind.Relative), 307) : null);

        var error = await Assert.ThrowsAsync<CoderRedirectException>(() => client.WhoAmIAsync());

        Assert.Contains("more than MaxRedirects (3)", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, server.Requests.Count(r => r.RawTarget == "/api/v2/users/me"));
    }

    [Theory]
    [InlineData("http://coder.example.com/a", "http://coder.example.com/b", true)]
    [InlineData("http://coder.example.com/a", "https://coder.example.com/b", true)]
    [InlineData("http://coder.example.com:8080/a", "https://coder.example.com:8443/b", true)]
    [InlineData("https://coder.example.com/a", "https://CODER.example.com/b", true)]
    [InlineData("https://coder.example.com/a", "http://coder.example.com/b", false)]
    [InlineData("https://coder.example.com/a", "https://coder.example.com:8443/b", false)]
    [InlineData("https://coder.example.com/a", "https://evil.example.com/b", false)]
    [InlineData("https://coder.example.com/a", "https://user:pass@coder.example.com/b", false)]
    [InlineData("https://coder.example.com/a", "ftp://coder.example.com/b", false)]
    public void Refusal_RedirectTargets_OnlySameOriginOrHttpsUpgrade(string from, string to, bool allowed)
    {
        var handler = new CoderRedirectStep(new CoderClientOptions(), CoderHttpLog.None);

        Assert.Equal(allowed, handler.Refusal(new Uri(from), new Uri(to), 1) is null);
    }

    [Fact]
    public async Task Baseline_DotNetAutomaticRedirects_ForwardTheTokenToAnotherOrigin()
    {
        // Why the SDK turns automatic redirects off: .NET strips Authorization on a cross-origin redirect, not custom headers.
        await using var server = await FakeCoderServer.StartAsync();
        await using var other = await FakeRecordingServer.StartAsync();
        server.Faults.Enqueue(FakeFault.Redirect(new Uri(other.BaseUrl, "collect"), 307), c => c.Path == "/healthz");
        using var naive = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true });
        naive.DefaultRequestHeaders.Add(CoderCredentialStep.SessionTokenHeader, "baseline-not-a-real-token");

        using var response = await naive.GetAsync(new Uri(server.BaseUrl, "healthz"));

        Assert.Equal("baseline-not-a-real-token", Assert.Single(other.Requests).Headers[CoderCredentialStep.SessionTokenHeader]);
    }
}
