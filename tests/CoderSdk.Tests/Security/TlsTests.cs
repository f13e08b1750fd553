using System.Net.WebSockets;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Security;

public sealed class TlsTests
{
    private const string Token = "tls-test-session-token";

    private static TestCertificates Certificates => TestCertificates.Instance;

    private static CoderClient Client(FakeRecordingServer server, Action<CoderTlsOptions> tls, TestLog? log = null)
    {
        TokenLeakAudit.Global.Watch(Token);
        var options = new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = Token, LoggerFactory = log };
        options.Resilience.MaxRetries = 0;
        tls(options.Tls);
        return new CoderClient(options);
    }

    private static Task<FakeRecordingServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, bool requireClientCertificate = false) =>
        FakeRecordingServer.StartAsync(new FakeRecordingServerOptions { Certificate = certificate, RequireClientCertificate = requireClientCertificate });

    [Fact]
    public async Task Get_CustomCaFromPemFile_TrustsTheServer()
    {
        await using var server = await StartAsync(Certificates.Loopback);
        using var client = Client(server, tls => tls.CaCertificateFile = Certificates.AuthorityPemFile);

        await client.General.GetBuildInfoAsync();

        Assert.Equal(Token, Assert.Single(server.Requests).Headers[CoderCredentialStep.SessionTokenHeader]);
    }

    [Fact]
    public async Task Get_WithoutCustomCa_FailsTheHandshakeAndSendsNothing()
    {
        await using var server = await StartAsync(Certificates.Loopback);
        using var client = Client(server, _ => { });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.General.GetBuildInfoAsync());

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Get_AlternateServerName_ValidatesAgainstThatName()
    {
        await using var server = await StartAsync(Certificates.InternalName);
        using var withName = Client(server, tls =>
        {
            tls.CaCertificates.Add(Certificates.Authority);
            tls.ServerName = "coder.internal";
        });
        using var withoutName = Client(server, tls => tls.CaCertificates.Add(Certificates.Authority));

        await withName.General.GetBuildInfoAsync();
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => withoutName.General.GetBuildInfoAsync());

        Assert.Equal(HttpRequestError.SecureConnectionError, error.HttpRequestError);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Get_ClientCertificateFromFiles_PresentedToTheServer(string format)
    {
        await using var server = await StartAsync(Certificates.Loopback, requireClientCertificate: true);
        using var client = Client(server, tls =>
        {
            tls.CaCertificates.Add(Certificates.Authority);
            if (format == "pem")
            {
                tls.ClientCertificateFile = Certificates.ClientCertificatePemFile;
                tls.ClientKeyFile = Certificates.ClientKeyPemFile;
            }
            else
            {
                tls.ClientCertificatePfxFile = Certificates.ClientPfxFile;
                tls.ClientCertificatePassword = TestCertificates.ClientPfxPassword;
            }
        });

        await client.General.GetBuildInfoAsync();

        Assert.Equal("CN=codersdk-client", Assert.Single(server.Requests).ClientCertificateSubject);
    }

    [Fact]
    public async Task WebSocket_ThroughTheClientsHandlerChain_UsesTheSameTlsAndSendsTheTokenInAHeader()
    {
        await using var server = await StartAsync(Certificates.InternalName, requireClientCertificate: true);
        using var client = Client(server, tls =>
        {
            tls.CaCertificateFile = Certificates.AuthorityPemFile;
            tls.ServerName = "coder.internal";
            tls.ClientCertificatePfxFile = Certificates.ClientPfxFile;
            tls.ClientCertificatePassword = TestCertificates.ClientPfxPassword;
        });
        var wss = new UriBuilder(server.BaseUrl) { Scheme = "wss", Path = "/api/v2/workspacebuilds/logs", Query = "follow" }.Uri;

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(wss, client.Connection.Invoker, CancellationToken.None);
        var frame = await socket.ReceiveAsync(new byte[16], CancellationToken.None);

        Assert.Equal(WebSocketMessageType.Close, frame.MessageType);
        var upgrade = Assert.Single(server.Requests);
        Assert.True(upgrade.WasWebSocket);
        Assert.Equal("CN=codersdk-client", upgrade.ClientCertificateSubject);
        Assert.Equal(Token, upgrade.Headers[CoderCredentialStep.SessionTokenHeader]);
        Assert.DoesNotContain(Token, upgrade.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_DangerousAcceptAnyServerCertificate_ConnectsAndWarns()
    {
        await using var server = await StartAsync(Certificates.InternalName);
        var log = new TestLog();
        using var client = Client(server, tls => tls.DangerousAcceptAnyServerCertificate = true, log);

        await client.General.GetBuildInfoAsync();

        var warning = Assert.Single(log.Named("DangerousCertificateValidation"));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, warning.Level);
    }

    [Fact]
    public void Constructor_PlainHttpToARemoteHost_Warns()
    {
        var log = new TestLog();
        TokenLeakAudit.Global.Watch(Token);

        using var remote = new CoderClient(new CoderClientOptions { BaseUrl = new Uri("http://coder.example.com"), SessionToken = Token, LoggerFactory = log });
        using var loopback = new CoderClient(new CoderClientOptions { BaseUrl = new Uri("http://127.0.0.1:3000"), SessionToken = Token, LoggerFactory = log });

        var warning = Assert.Single(log.Named("PlainHttpToRemoteHost"));
        Assert.Equal("http://coder.example.com", warning["Deployment"]);
    }

    [Fact]
    public void Constructor_TlsWithACallersHttpClient_ConfigurationError()
    {
        using var http = new HttpClient();
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = Token };
        options.Tls.ServerName = "coder.internal";

        var error = Assert.Throws<CoderConfigurationException>(() => new CoderClient(http, options));

        Assert.Contains("configure TLS on the HttpClient you pass in", error.Message, StringComparison.Ordinal);
    }
}
