using CoderSdk.Auth;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Auth;

public sealed class TokenSourceTests : IDisposable
{
    private readonly string _configDir = Path.Combine(Path.GetTempPath(), "codersdk-cli-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_configDir))
        {
            Directory.Delete(_configDir, recursive: true);
        }
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private void WriteConfig(string? url, string? session)
    {
        Directory.CreateDirectory(_configDir);
        if (url is not null)
        {
            File.WriteAllText(Path.Combine(_configDir, "url"), url + "\n");
        }

        if (session is not null)
        {
            File.WriteAllText(Path.Combine(_configDir, "session"), session);
        }
    }

    [Fact]
    public async Task FromEnvironment_UrlAndTokenVariables_UsedAndReported()
    {
        await using var server = await FakeCoderServer.StartAsync();

        var options = CoderClientOptions.FromEnvironment(Env(
            ("CODER_URL", server.BaseUrl.ToString()), ("CODER_SESSION_TOKEN", server.AdminSessionToken), ("CODER_CONFIG_DIR", _configDir)));
        using var client = new CoderClient(options);

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);
        Assert.Equal(new CoderCredentialSource(CoderCredentialOrigin.Environment, CoderCredentialOrigin.Environment, _configDir), options.CredentialSource);
        Assert.Equal("URL from CODER_URL, token from CODER_SESSION_TOKEN", options.CredentialSource!.ToString());
    }

    [Fact]
    public async Task FromEnvironment_CliConfigDirectory_ReadsUrlAndSessionFiles()
    {
        await using var server = await FakeCoderServer.StartAsync();
        WriteConfig(server.BaseUrl.ToString().TrimEnd('/'), server.AdminSessionToken);

        var options = CoderClientOptions.FromEnvironment(Env(("CODER_CONFIG_DIR", _configDir)));
        using var client = new CoderClient(options);

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);
        Assert.Equal(CoderCredentialOrigin.CliConfig, options.CredentialSource!.Url);
        Assert.Equal(CoderCredentialOrigin.CliConfig, options.CredentialSource.Token);
        Assert.Contains(Path.Combine(_configDir, "session"), options.CredentialSource.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminSessionToken, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_TokenVariableAndConfigFile_VariableWins()
    {
        WriteConfig("https://from-file.example.com", "file-token");

        var options = CoderClientOptions.FromEnvironment(Env(("CODER_CONFIG_DIR", _configDir), ("CODER_SESSION_TOKEN", "variable-token")));

        Assert.Equal("variable-token", options.SessionToken);
        Assert.Null(options.TokenProvider);
        Assert.Equal(new Uri("https://from-file.example.com"), options.BaseUrl);
        Assert.Equal("URL from " + Path.Combine(_configDir, "url") + ", token from CODER_SESSION_TOKEN", options.CredentialSource!.ToString());
    }

    [Fact]
    public void FromEnvironment_NothingFound_ValidationSaysWhereItLooked()
    {
        var options = CoderClientOptions.FromEnvironment(Env(("CODER_CONFIG_DIR", _configDir)));

        var error = Assert.Throws<CoderConfigurationException>(options.Validate);

        Assert.Equal(2, error.Errors.Count);
        Assert.All(error.Errors, e => Assert.Contains($"Coder CLI config directory '{_configDir}'", e, StringComparison.Ordinal));
        Assert.Equal(new CoderCredentialSource(CoderCredentialOrigin.None, CoderCredentialOrigin.None, _configDir), options.CredentialSource);
    }

    [Theory]
    [InlineData("Unix", "/home/ada/.config/coderv2", "HOME=/home/ada")]
    [InlineData("Unix", "/xdg/coderv2", "HOME=/home/ada", "XDG_CONFIG_HOME=/xdg")]
    [InlineData("MacOS", "/Users/ada/Library/Application Support/coderv2", "HOME=/Users/ada", "XDG_CONFIG_HOME=/ignored")]
    [InlineData("Windows", "C:\\Users\\ada\\AppData\\Roaming/coderv2", "APPDATA=C:\\Users\\ada\\AppData\\Roaming")]
    [InlineData("Unix", "/explicit", "HOME=/home/ada", "CODER_CONFIG_DIR=/explicit")]
    public void ResolveDirectory_PlatformDefaults_MatchTheCli(string platform, string expected, params string[] variables)
    {
        var env = variables.Select(v => v.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

        var directory = CoderCliConfig.ResolveDirectory(name => env.GetValueOrDefault(name), Enum.Parse<CliPlatform>(platform));

        Assert.Equal(expected.Replace('/', Path.DirectorySeparatorChar), directory);
    }

    [Fact]
    public async Task CliConfigProvider_TokenReplacedByLoginWhileRunning_401RereadsTheSessionFile()
    {
        await using var server = await FakeCoderServer.StartAsync();
        TokenLeakAudit.Global.Watch("expired-session-token");
        WriteConfig(server.BaseUrl.ToString(), "expired-session-token");
        var log = new TestLog();
        var options = CoderClientOptions.FromEnvironment(Env(("CODER_CONFIG_DIR", _configDir)));
        options.LoggerFactory = log;
        using var client = new CoderClient(options);
        await Assert.ThrowsAsync<CoderUnauthorizedException>(() => client.WhoAmIAsync());

        File.WriteAllText(Path.Combine(_configDir, "session"), server.AdminSessionToken + "\n");

        Assert.Equal("admin", (await client.WhoAmIAsync()).Username);
        Assert.Single(log.Named("TokenRefreshing"));
    }

    [Fact]
    public async Task FromEnvironment_CoderHeaderVariable_SentLikeTheCli()
    {
        await using var server = await FakeCoderServer.StartAsync();

        var options = CoderClientOptions.FromEnvironment(Env(
            ("CODER_URL", server.BaseUrl.ToString()), ("CODER_SESSION_TOKEN", server.AdminSessionToken),
            ("CODER_CONFIG_DIR", _configDir), ("CODER_HEADER", "X-Proxy-Team=platform,\"X-Tags=a,b\",X-Empty=")));
        using var client = new CoderClient(options);
        await client.WhoAmIAsync();

        var headers = server.Requests.Single(r => r.RawTarget == "/api/v2/users/me").Headers;
        Assert.Equal("platform", headers["X-Proxy-Team"]);
        Assert.Equal("a,b", headers["X-Tags"]);
        Assert.Equal(string.Empty, headers["X-Empty"]);
    }

    [Fact]
    public void FromEnvironment_MalformedCoderHeader_ValidationErrorWithoutTheValue()
    {
        var options = CoderClientOptions.FromEnvironment(Env(
            ("CODER_URL", "https://coder.example.com"), ("CODER_SESSION_TOKEN", "header-test-token"),
            ("CODER_CONFIG_DIR", _configDir), ("CODER_HEADER", "X-Ok=1,secret-without-equals")));

        var error = Assert.Single(options.GetValidationErrors());

        Assert.Equal("CODER_HEADER entry 2 is not key=value.", error);
    }

    [Fact]
    public void SplitCsv_QuotesAndSeparators_ReadLikeGoEncodingCsv()
    {
        Assert.Equal(["a=1", "b=x,y", "c=say \"hi\"", "d=2"], global::CoderSdk.Configuration.CoderEnvironment.SplitCsv("a=1,\"b=x,y\",\"c=say \"\"hi\"\"\"\nd=2"));
    }
}
