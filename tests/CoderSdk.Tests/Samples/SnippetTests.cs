using CoderSdk.Configuration;
using CoderSdk.Samples;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Samples;

/// <summary>The sample snippets are a public contract: their names and output shape must keep working.</summary>
public sealed class SnippetTests
{
    [Theory]
    [InlineData("whoami")]
    [InlineData("list-workspaces")]
    [InlineData("tour")]
    [InlineData("inbox")]
    [InlineData("version-gate")]
    [InlineData("exec")]
    public void Catalog_PublicSnippetNames_Present(string name) => Assert.True(SnippetCatalog.TryGet(name, out _));

    [Fact]
    public async Task WhoAmI_FakeServer_PrintsUsernameAndId()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("whoami", client, output, server);

        Assert.Equal(0, code);
        Assert.Equal($"admin ({server.State.Admin.Id}){Environment.NewLine}server: coderd {FakeCoderServerOptions.DefaultVersion}{Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task WhoAmI_VersionNotARelease_SaysSo()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = "dev" });
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("whoami", client, output, server);

        Assert.Equal(0, code);
        Assert.EndsWith($"server: coderd (version is not a release number){Environment.NewLine}", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VersionGate_EmbeddedFakeServer_ChecksUpFrontAndCatchesTheCallsFailure()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("version-gate", client, output, server);

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("acts as coderd v2.24.0", text);
        Assert.Contains("server version: v2.24.0", text);
        Assert.Contains("up-front check: AIGateway.ListModelsAsync (GET /api/v2/ai-gateway/models): ", text);
        // Until the generated table carries release data the call is a plain 404; with it, a named verdict.
        Assert.True(text.Contains("call: not supported: AIGateway.ListModelsAsync needs coderd v2.", StringComparison.Ordinal) ||
            text.Contains("call: 404 without a version verdict: Route not found.", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task VersionGate_Arguments_UsageError()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<SampleUsageException>(() => Run("version-gate", client, new StringWriter(), server, "extra"));

        Assert.Contains("version-gate takes no arguments", error.Message);
    }

    [Fact]
    public async Task ListWorkspaces_WithFilter_OneLinePerWorkspace()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("list-workspaces", client, output, server, "owner:admin");

        Assert.Equal(0, code);
        var lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(["admin/dev  running  docker", "admin/gpu-box  running  kubernetes", "2 of 2 workspaces"], lines);
    }

    [Fact]
    public async Task Tour_FakeServer_PrintsVersionUserAndWorkspaces()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("tour", client, output, server);

        Assert.Equal(0, code);
        Assert.Contains($"Coder {FakeCoderServerOptions.DefaultVersion} at ", output.ToString());
        Assert.Contains("alice/notebook  running  docker", output.ToString());
    }

    [Theory]
    [InlineData("--max-updates needs a positive whole number, not 'x'", "admin/dev", "--max-updates", "x")]
    [InlineData("--max-updates needs a positive whole number, not nothing", "admin/dev", "--max-updates")]
    [InlineData("--max-updates needs a positive whole number, not '0'", "--max-updates", "0", "admin/dev")]
    [InlineData("unknown option '--follow'", "admin/dev", "--follow")]
    [InlineData("'admin' is not <owner/name>", "admin")]
    [InlineData("one workspace at a time; 'alice/notebook' is one too many", "admin/dev", "alice/notebook")]
    public async Task Watch_BadArguments_UsageErrorBeforeAnyRequest(string problem, params string[] args)
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<SampleUsageException>(() => Run("watch", client, new StringWriter(), server, args));

        Assert.Equal($"{problem} (usage: watch <owner/name> [--max-updates N])", error.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Watch_MaxUpdatesBeforeTheTarget_TargetIsNotTheNumber()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("watch", client, output, server, "--max-updates", "1", "alice/notebook");

        Assert.Equal(0, code);
        Assert.StartsWith("Watching alice/notebook", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_EmbeddedFake_AnnouncesEachSlowStepOnStderr()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new SampleStop();

        var code = await SampleRunner.RunAsync(["whoami"], output, error, _ => null, stop);

        Assert.Equal(0, code);
        var progress = Lines(error);
        Assert.Equal(4, progress.Count);
        Assert.Equal("progress: starting the embedded fake Coder server...", progress[0]);
        Assert.Matches(@"^progress: fake Coder server ready in \d+ ms$", progress[1]);
        Assert.Matches(@"^progress: running whoami against http://127\.0\.0\.1:\d+/\.\.\.$", progress[2]);
        Assert.Matches(@"^progress: whoami finished in \d+ ms$", progress[3]);
        Assert.DoesNotContain(Lines(output), l => l.StartsWith(SampleRunner.ProgressPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runner_MaxUpdatesNotANumber_OneErrorLineAndExit64()
    {
        var (code, output, error) = await RunProgram(["watch", "admin/dev", "--max-updates", "x"]);

        Assert.Equal(SampleRunner.UsageError, code);
        Assert.Equal(["error: --max-updates needs a positive whole number, not 'x' (usage: watch <owner/name> [--max-updates N])"], error);
        Assert.StartsWith("CODER_URL is not set: using the embedded fake Coder server", Assert.Single(output), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-a-url", "error: CODER_URL must be an absolute URL such as https://coder.example.com; 'not-a-url' is not.")]
    [InlineData("ftp://coder.example.com", "error: Invalid Coder client configuration: CoderClientOptions.BaseUrl must use http or https; 'ftp' is not supported.")]
    public async Task Runner_UnusableCoderUrl_OneErrorLineAndExit2(string url, string expected)
    {
        var (code, output, error) = await RunProgram(["whoami"], new() { ["CODER_URL"] = url, ["CODER_SESSION_TOKEN"] = TestClients.LeakCanaryToken });

        Assert.Equal(SampleRunner.ConfigurationError, code);
        Assert.Equal([expected], error);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Runner_CoderdRejectsTheRequest_ValidationsOnTheOneErrorLine()
    {
        var (code, _, error) = await RunProgram(["create-and-follow", "Bad Name!"]);

        Assert.Equal(SampleRunner.ApiError, code);
        Assert.Equal(["error: 400 BadRequest: Validation failed. [name: Validation failed for tag \"workspace_name\" with value: \"Bad Name!\"]"], error);
    }

    [Fact]
    public async Task Runner_DeadCoderd_EachRetryIsAnnouncedThenOneErrorLine()
    {
        var url = $"http://127.0.0.1:{Resilience.RetryTests.FreePort()}/";
        TokenLeakAudit.Global.Watch(TestClients.LeakCanaryToken);

        var (code, output, error) = await RunProgram(["whoami"], new() { ["CODER_URL"] = url, ["CODER_SESSION_TOKEN"] = TestClients.LeakCanaryToken }, o =>
        {
            // The default retries, but instant and on a clock that never moves: no real time passes in this test.
            o.Resilience.BaseDelay = TimeSpan.Zero;
            o.Resilience.MaxDelay = TimeSpan.Zero;
            o.TimeProvider = new ManualTimeProvider();
        });

        Assert.Equal(SampleRunner.Unreachable, code);
        Assert.Empty(output);
        Assert.Equal(4, error.Count);
        for (var retry = 1; retry <= 3; retry++)
        {
            Assert.StartsWith($"note: GET /api/v2/users/{{user}}: retry {retry} of 3 in 0 ms after HttpRequestException (ConnectionError): Connection refused", error[retry - 1], StringComparison.Ordinal);
        }

        Assert.StartsWith($"error: cannot reach Coder at {url}: Connection refused", error[3], StringComparison.Ordinal);
        Assert.DoesNotContain(error, line => line.Contains(TestClients.LeakCanaryToken, StringComparison.Ordinal));
    }

    /// <summary>Runs the samples' entry point in process with its own environment, and returns its exit code and output lines.</summary>
    private static async Task<(int Code, List<string> Output, List<string> Error)> RunProgram(
        string[] args, Dictionary<string, string>? environment = null, Action<CoderClientOptions>? configure = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        using var stop = new SampleStop();

        var code = await SampleRunner.RunAsync(args, output, error, name => environment?.GetValueOrDefault(name), stop, configure);

        // Progress lines are checked on their own (Runner_EmbeddedFake_AnnouncesEachSlowStepOnStderr).
        return (code, Lines(output), [.. Lines(error).Where(l => !l.StartsWith(SampleRunner.ProgressPrefix, StringComparison.Ordinal))]);
    }

    private static List<string> Lines(StringWriter writer) =>
        [.. writer.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)];

    [Fact]
    public async Task Inbox_FakeServer_PrintsTheThreeNotificationsItSendsAndExits()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("inbox", client, output, server);

        Assert.Equal(0, code);
        var lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal("Watching the inbox (Ctrl+C to stop):", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("Workspace build failed: admin/dev: terraform apply failed (1 unread)", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("(3 unread)", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_FakeServer_NoArguments_RunsEchoInTheSeededWorkspace()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("exec", client, output, server);

        Assert.Equal(0, code);
        Assert.Equal("hello from the fake agent\n", output.ToString());
    }

    [Fact]
    public async Task Exec_ExitsWithTheCommandsStatus()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("exec", client, output, server, "admin/dev", "--", "echo", "failing;", "exit", "7");

        Assert.Equal(7, code);
        Assert.Equal("failing\n", output.ToString());
    }

    [Fact]
    public async Task Exec_WithoutSeparator_UsageError()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);

        var error = await Assert.ThrowsAsync<SampleUsageException>(() => Run("exec", client, new StringWriter(), server, "admin/dev", "echo"));

        Assert.Contains("exec <owner/workspace> -- <command>", error.Message, StringComparison.Ordinal);
    }

    private static Task<int> Run(string name, ICoderClient client, TextWriter output, FakeCoderServer server, params string[] args)
    {
        Assert.True(SnippetCatalog.TryGet(name, out var snippet));
        return snippet(new SnippetContext(client, output, args, server, CancellationToken.None));
    }
}
