using System.Text;
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Streaming;
using CoderSdk.Terminal;
using CoderSdk.Tests.Streaming;
using CoderSdk.Tests.Support;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Terminal;

/// <summary>
/// <see cref="ICoderStreams.RunCommandAsync"/> against the fake agent's shell over 127.0.0.1: the exit status comes from
/// the sentinel line the SDK appends, which never reaches the output; timeouts on the client's clock, cancellation and a
/// dropped connection end in typed errors that carry the output so far.
/// </summary>
public sealed class RunCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RunCommandAsync_Success_ReturnsOutputWithoutTheSentinel_AndStatusZero()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.Streams.RunCommandAsync(agent.Id, "echo one; echo 'two  three'", cancellationToken: cancel.Token);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("one\r\ntwo  three\r\n", result.Output);
        var session = Assert.Single(env.Server.Terminals.Sessions);
        Assert.Contains("CODERSDK_EXIT_", session.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("echo oops; exit 3", "oops\r\n", 3)]
    [InlineData("false", "", 1)]
    [InlineData("nosuchcommand", "sh: 1: nosuchcommand: not found\r\n", 127)]
    [InlineData("exit 300", "", 44)]
    public async Task RunCommandAsync_NonZeroStatus_IsReported(string command, string output, int status)
    {
        var result = await RunOnNewAgentAsync(command);

        Assert.Equal((output, status), (result.Output, result.ExitCode));
    }

    [Fact]
    public async Task RunCommandAsync_OutputThatImitatesTheStatusLine_CannotForgeTheStatus()
    {
        var result = await RunOnNewAgentAsync("printf '\\nCODERSDK_EXIT_0:0\\n'; exit 5");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("\r\nCODERSDK_EXIT_0:0\r\n", result.Output);
    }

    [Fact]
    public async Task RunCommandAsync_Timeout_OnTheClientsClock_ThrowsWithTheOutputSoFar_AndClosesTheSession()
    {
        var clientTime = new ManualTimeProvider();
        await using var env = await FakeEnvironment.StartAsync(client: o => o.TimeProvider = clientTime);
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var started = new TaskCompletionSource<CoderSdk.Testing.FakeTerminalSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Server.Terminals.Started += s => started.TrySetResult(s);

        var run = env.Client.Streams.RunCommandAsync(agent.Id, "echo started; sleep 100000", new CoderCommandOptions { Timeout = TimeSpan.FromSeconds(30) }, cancel.Token);
        var session = await started.Task.WaitAsync(cancel.Token);
        await session.WaitForOutputAsync("started\r\n", cancel.Token);
        await clientTime.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(30)));
        clientTime.Advance(TimeSpan.FromSeconds(30));
        var error = await Assert.ThrowsAsync<CoderCommandTimeoutException>(() => run);

        Assert.Equal(CoderCommandFailure.TimedOut, error.Failure);
        Assert.Equal(TimeSpan.FromSeconds(30), error.Timeout);
        // The output is what had arrived when the clock ran out: all of "started" or a prefix of it, never anything else.
        Assert.StartsWith(error.Output, "started\r\n", StringComparison.Ordinal);
        await session.WaitForOpenConnectionsAsync(0, cancel.Token);
        Assert.False(session.Exited.IsCompleted); // the command itself goes on until the agent gives up on the session
    }

    [Fact]
    public async Task RunCommandAsync_Canceled_ThrowsOperationCanceled_AndClosesTheSession()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var patience = new CancellationTokenSource(Patience);
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource<CoderSdk.Testing.FakeTerminalSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Server.Terminals.Started += s => started.TrySetResult(s);

        var run = env.Client.Streams.RunCommandAsync(agent.Id, "sleep 100000", cancellationToken: cancel.Token);
        var session = await started.Task.WaitAsync(patience.Token);
        await session.WaitForAttachmentsAsync(1, patience.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await session.WaitForOpenConnectionsAsync(0, patience.Token);
    }

    [Fact]
    public async Task RunCommandAsync_ConnectionDrops_ThrowsDisconnected_WithTheOutputSoFar_AndDoesNotReconnect()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var started = new TaskCompletionSource<CoderSdk.Testing.FakeTerminalSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        env.Server.Terminals.Started += s => started.TrySetResult(s);

        var run = env.Client.Streams.RunCommandAsync(agent.Id, "echo partial; sleep 100000", cancellationToken: cancel.Token);
        var session = await started.Task.WaitAsync(cancel.Token);
        await session.WaitForOutputAsync("partial\r\n", cancel.Token);
        session.DropConnections();
        var error = await Assert.ThrowsAsync<CoderCommandException>(() => run);

        // The drop may reach the client before it has read the upgrade answer (then the open broke, with no output) or
        // after some of the output: either way the outcome is unknown, the error says so and carries what arrived.
        Assert.Equal(CoderCommandFailure.Disconnected, error.Failure);
        Assert.StartsWith(error.Output, "partial\r\n", StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
        Assert.Equal(1, session.Attachments);
    }

    [Fact]
    public async Task RunCommandAsync_ShellExitsBeforeTheStatusLine_ThrowsNoExitStatus()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);

        // An unbalanced ")" closes the SDK's subshell early; the fake shell rejects the script, as sh would.
        var error = await Assert.ThrowsAsync<CoderCommandException>(() => env.Client.Streams.RunCommandAsync(agent.Id, "echo x; exit 4)", cancellationToken: cancel.Token));

        Assert.Equal(CoderCommandFailure.NoExitStatus, error.Failure);
        Assert.Contains("syntax error", error.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunCommandAsync_ByWorkspaceName_FindsTheAgent_AndPassesTheContainer()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, agent) = env.CreateStartedWorkspace("box");
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.RunCommandAsync("admin/box", "echo hi", new CoderCommandOptions { Container = "c1", ContainerUser = "root" }, cancel.Token);

        Assert.Equal(("hi\r\n", 0), (result.Output, result.ExitCode));
        var session = Assert.Single(env.Server.Terminals.Sessions);
        Assert.Equal(agent.Id, session.AgentId);
        var upgrade = env.Server.Requests.Single(r => r.RawTarget.Contains("/pty", StringComparison.Ordinal));
        Assert.Contains("&container=c1&container_user=root", upgrade.RawTarget, StringComparison.Ordinal);
        Assert.Equal(env.Server.AdminSessionToken, upgrade.Headers["Coder-Session-Token"]);
        Assert.DoesNotContain(env.Server.AdminSessionToken, upgrade.RawTarget, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => env.Client.GetWorkspaceAgentAsync("admin/box", "nope", cancel.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => env.Client.GetWorkspaceAgentAsync("a/b/c", null, cancel.Token));
        Assert.Equal(agent.Id, (await env.Client.GetWorkspaceAgentAsync(workspace.Name, null, cancel.Token)).Id);
    }

    private static async Task<CoderCommandResult> RunOnNewAgentAsync(string command)
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        return await env.Client.Streams.RunCommandAsync(agent.Id, command, cancellationToken: cancel.Token);
    }

    [Theory]
    [InlineData("out\r\n\r\nS:0\r\n", "out\r\n", 0)]
    [InlineData("no newline\r\nS:17\r\n", "no newline", 17)]
    [InlineData("\r\nS:x\r\n\r\nS:2\r\n", "\r\nS:x\r\n", 2)]
    public void TryParse_FindsTheCompleteStatusLine(string text, string output, int status)
    {
        var from = 0;
        var result = CommandRunner.TryParse(new StringBuilder(text), "S", ref from);

        Assert.NotNull(result);
        Assert.Equal((output, status), (result.Output, result.ExitCode));
    }

    [Fact]
    public void TryParse_StatusLineArrivingInPieces_WaitsForItsEnd()
    {
        var text = new StringBuilder();
        var from = 0;
        foreach (var piece in new[] { "a\r", "\nCODE", "R:1", "2\r", "\n" })
        {
            text.Append(piece);
            var result = CommandRunner.TryParse(text, "CODER", ref from);
            if (piece != "\n")
            {
                Assert.Null(result);
            }
            else
            {
                Assert.Equal(("a", 12), (result!.Output, result.ExitCode));
            }
        }
    }

    [Fact]
    public void Wrap_KeepsTheCommandsExitStatus_AndSurvivesATrailingComment()
    {
        Assert.Equal("(ls # all\n); printf '\\n%s:%d\\n' S \"$?\"", CommandRunner.Wrap("ls # all", "S"));
    }
}
