using CoderSdk.Configuration;
using CoderSdk.Testing;

namespace CoderSdk.Tests.Support;

/// <summary>Clients for the fake server with delays shortened through options, and the few calls the tests make.</summary>
internal static class TestClients
{
    /// <summary>A token shape that no real deployment issued; leak tests search for it.</summary>
    public const string LeakCanaryToken = "canary0001-LeakCanarySecretValue42";

    /// <summary>A client for the fake server with the shortened delays of <see cref="Options"/>.</summary>
    public static CoderClient For(FakeCoderServer server) => Create(server);

    /// <summary>A client for a hand-written loopback server, with the shortened delays.</summary>
    public static CoderClient For(Infrastructure.LoopbackServer server, string token = LeakCanaryToken) => For(server.BaseUrl, token);

    /// <summary>A client with the real retry rules but millisecond waits, so failure tests stay fast.</summary>
    public static CoderClient For(Uri baseUrl, string token)
    {
        var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = token };
        Shorten(options.Resilience);
        return new CoderClient(options);
    }

    /// <summary>Options for <paramref name="server"/>: real retry rules, but millisecond backoff and Retry-After waits.</summary>
    public static CoderClientOptions Options(FakeCoderServer server, TestLog? log = null, Action<CoderClientOptions>? configure = null)
    {
        var options = new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = server.AdminSessionToken, LoggerFactory = log };
        Shorten(options.Resilience);
        configure?.Invoke(options);
        return options;
    }

    public static void Shorten(CoderResilienceOptions resilience)
    {
        resilience.BaseDelay = TimeSpan.FromMilliseconds(1);
        resilience.MaxDelay = TimeSpan.FromMilliseconds(20);
        resilience.MaxRetryAfter = TimeSpan.FromMilliseconds(5);
    }

    public static CoderClient Create(FakeCoderServer server, TestLog? log = null, Action<CoderClientOptions>? configure = null) =>
        new(Options(server, log, configure));

    public static Task<global::CoderSdk.Models.User> WhoAmIAsync(this CoderClient client, CancellationToken cancellationToken = default) =>
        client.Users.GetAsync("me", cancellationToken);

    public static Task<global::CoderSdk.Models.WorkspacesResponse> ListWorkspacesAsync(this CoderClient client, long offset, CancellationToken cancellationToken = default) =>
        client.Workspaces.ListAsync(offset: offset, cancellationToken: cancellationToken);

    /// <summary>POST /api/v2/users/me/workspaces through the generated API (coderd answers 201).</summary>
    public static Task<global::CoderSdk.Models.Workspace> CreateWorkspaceAsync(this CoderClient client, string name, Guid templateId, CancellationToken cancellationToken = default) =>
        client.Workspaces.CreateAsync("me", new global::CoderSdk.Models.CreateWorkspaceRequest { Name = name, TemplateId = templateId }, cancellationToken);

    public static Guid AnyTemplate(this FakeCoderServer server) => server.State.Templates.First().Id;

    /// <summary>Matches GET /api/v2/users/me, the call most tests make.</summary>
    public static bool IsMe(FakeFaultContext c) => c.Path == "/api/v2/users/me";
}
