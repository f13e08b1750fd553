using System.Text;
using CoderSdk.Errors;
using CoderSdk.Terminal;
using CoderSdk.Testing;
using CoderSdk.Tests.Streaming;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Terminal;

/// <summary>
/// The terminal session over coderd's reconnecting PTY WebSocket, against the fake agent over 127.0.0.1: input and
/// output, frames the server splits or mangles, a drop and the reattach with the replay trimmed, and the handshake
/// (token in the header, options in the query).
/// </summary>
public sealed class TerminalSessionTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task OpenTerminalAsync_InteractiveShell_EchoesInputAndRunsTheLine()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);

        await using var terminal = await env.Client.Streams.OpenTerminalAsync(agent.Id, new CoderTerminalOptions { Width = 120, Height = 40 }, cancel.Token);
        await terminal.WriteAsync("echo hello wörld\r", cancel.Token);
        var text = await ReadUntilAsync(terminal, "hello wörld\r\nhello wörld\r\n", cancel.Token);

        Assert.Equal("echo hello wörld\r\nhello wörld\r\n", text);
        var session = env.Server.Terminals.Find(terminal.ReconnectId)!;
        Assert.Equal(["echo hello wörld\r"], session.Inputs);
        Assert.Equal((120, 40), (session.Width, session.Height));
    }

    [Fact]
    public async Task ResizeAsync_SendsTheNewSize_AndRejectsZero()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        await using var terminal = await env.Client.Streams.OpenTerminalAsync(agent.Id, cancellationToken: cancel.Token);
        var session = await env.Server.Terminals.WaitForSessionAsync(terminal.ReconnectId, cancel.Token);

        await terminal.ResizeAsync(132, 50, cancel.Token);
        await terminal.WriteAsync("true\r", cancel.Token); // sent after the resize, so once it arrives the resize has too
        await session.WaitForOutputAsync("true\r\n", cancel.Token);

        Assert.Equal((132, 50), (session.Width, session.Height));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => terminal.ResizeAsync(0, 10, cancel.Token));
    }

    [Fact]
    public async Task ReadTextAsync_CharacterSplitAcrossFrames_ComesOutWhole_InvalidBytesBecomeReplacementChars()
    {
        await using var env = await FakeEnvironment.StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        var (terminal, session) = await OpenShellAsync(env, cancel.Token);
        await using var owned = terminal;

        // "é" is C3 A9 and "€" is E2 82 AC: each split over two frames; then a lone FF and a truncated sequence.
        session.InjectFrame(new byte[] { (byte)'a', 0xC3 });
        session.InjectFrame(new byte[] { 0xA9, 0xE2, 0x82 });
        session.InjectFrame(new byte[] { 0xAC, (byte)'|', 0xFF, (byte)'b', 0xE2, 0x82, (byte)'c', (byte)'$' });
        var text = await ReadUntilAsync(terminal, "$", cancel.Token);

        Assert.Equal("aé€|\uFFFDb\uFFFDc$", text);
    }

    [Fact]
    public async Task ReadAsync_RawBytes_AreDeliveredAsSent()
    {
        await using var env = await FakeEnvironment.StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        var (terminal, session) = await OpenShellAsync(env, cancel.Token);
        await using var owned = terminal;

        session.InjectFrame(new byte[] { 0xFF, 0x00, 0xC3 });
        await using var reader = terminal.ReadAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await reader.MoveNextAsync());

        Assert.Equal(new byte[] { 0xFF, 0x00, 0xC3 }, reader.Current.ToArray());
    }

    [Fact]
    public async Task TextFrameFromTheServer_EndsTheSessionWithAProtocolViolation_AndWritesFail()
    {
        await using var env = await FakeEnvironment.StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        var (terminal, session) = await OpenShellAsync(env, cancel.Token);
        await using var owned = terminal;

        session.InjectFrame("oops"u8.ToArray(), text: true);
        var error = await Assert.ThrowsAsync<CoderStreamException>(async () =>
        {
            await foreach (var _ in terminal.ReadAsync(cancel.Token))
            {
            }
        });

        Assert.Equal(CoderStreamFailure.ProtocolViolation, error.Failure);
        Assert.Contains("/pty", error.Message, StringComparison.Ordinal);
        var write = await Assert.ThrowsAsync<CoderStreamException>(() => terminal.WriteAsync("echo late\r", cancel.Token));
        Assert.Equal(CoderStreamFailure.ProtocolViolation, write.Failure);
    }

    [Fact]
    public async Task ConnectionDrops_TerminalReattachesWithTheSameId_AndTheReplayIsNotDeliveredTwice()
    {
        var serverTime = new ManualTimeProvider();
        var reconnects = 0;
        await using var env = await FakeEnvironment.StartAsync(server: o => o.TimeProvider = serverTime, streams: s => s.OnReconnecting = _ => Interlocked.Increment(ref reconnects));
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        await using var terminal = await env.Client.Streams.OpenTerminalAsync(agent.Id, new CoderTerminalOptions { Command = "echo before; sleep 5; echo after" }, cancel.Token);
        var received = new StringBuilder();
        await using var reader = terminal.ReadTextAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        while (!received.ToString().Contains("before\r\n", StringComparison.Ordinal) && await reader.MoveNextAsync())
        {
            received.Append(reader.Current);
        }

        var session = env.Server.Terminals.Find(terminal.ReconnectId)!;
        session.DropConnections();
        await session.WaitForAttachmentsAsync(2, cancel.Token);
        await serverTime.WaitForTimersAsync(delays => delays.Contains(TimeSpan.FromSeconds(5)));
        serverTime.Advance(TimeSpan.FromSeconds(5));
        while (await reader.MoveNextAsync())
        {
            received.Append(reader.Current);
        }

        Assert.Equal("before\r\nafter\r\n", received.ToString());
        Assert.Equal(1, terminal.Reconnects);
        Assert.Equal(1, reconnects);
        Assert.Equal("before\r\n".Length, terminal.ReplayedBytesSkipped);
        Assert.Equal(0, await session.Exited);
        var upgrades = env.Server.Requests.Where(r => r.RawTarget.Contains("/pty", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, upgrades.Count);
        Assert.All(upgrades, r => Assert.Contains("reconnect=" + terminal.ReconnectId.ToString("D"), r.RawTarget, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CloseAsync_EndsReading_TheAgentKeepsTheSession_AndANewTerminalWithTheSameIdGetsTheReplay()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var options = new CoderTerminalOptions { Command = "echo one; sleep 100000" };
        var first = await env.Client.Streams.OpenTerminalAsync(agent.Id, options, cancel.Token);
        await ReadUntilAsync(first, "one\r\n", cancel.Token);

        await first.CloseAsync(cancel.Token);
        var rest = await ReadUntilAsync(first, "never", cancel.Token); // ends without an exception
        await first.DisposeAsync();
        var session = env.Server.Terminals.Find(first.ReconnectId)!;
        await session.WaitForOpenConnectionsAsync(0, cancel.Token);
        await using var second = await env.Client.Streams.OpenTerminalAsync(agent.Id, new CoderTerminalOptions { ReconnectId = first.ReconnectId }, cancel.Token);
        var replayed = await ReadUntilAsync(second, "one\r\n", cancel.Token);

        Assert.Equal(string.Empty, rest);
        Assert.Equal("one\r\n", replayed);
        Assert.Equal(2, session.Attachments);
        Assert.Single(env.Server.Terminals.Sessions);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => first.WriteAsync("late", cancel.Token));
    }

    [Fact]
    public async Task Handshake_TokenTravelsInTheHeaderOnly_AndTheOptionsInTheQuery()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var id = Guid.NewGuid();

        await using (var terminal = await env.Client.Streams.OpenTerminalAsync(agent.Id, new CoderTerminalOptions
        {
            Command = "echo hi",
            Container = "dev-container",
            ContainerUser = "coder",
            ReconnectId = id,
            Width = 100,
            Height = 30,
        }, cancel.Token))
        {
            await ReadUntilAsync(terminal, "hi\r\n", cancel.Token);
        }

        var upgrade = env.Server.Requests.Single(r => r.RawTarget.Contains("/pty", StringComparison.Ordinal));
        Assert.Equal(env.Server.AdminSessionToken, upgrade.Headers["Coder-Session-Token"]);
        Assert.DoesNotContain(env.Server.AdminSessionToken, upgrade.RawTarget, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(env.Server.BaseUrl, upgrade.RawTarget).Query);
        Assert.Equal(id.ToString("D"), query["reconnect"]);
        Assert.Equal("echo hi", query["command"]);
        Assert.Equal("dev-container", query["container"]);
        Assert.Equal("coder", query["container_user"]);
        Assert.Equal(("100", "30"), (query["width"], query["height"]));
        Assert.StartsWith($"/api/v2/workspaceagents/{agent.Id:D}/pty?", upgrade.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownAgent_IsATypedNotFound()
    {
        await using var env = await FakeEnvironment.StartAsync();
        using var cancel = new CancellationTokenSource(Patience);

        var error = await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Streams.OpenTerminalAsync(Guid.NewGuid(), cancellationToken: cancel.Token));

        Assert.Contains("/pty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteUtf8Async_InvalidUtf8_IsRejectedBeforeSending()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (_, _, agent) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        await using var terminal = await env.Client.Streams.OpenTerminalAsync(agent.Id, cancellationToken: cancel.Token);

        await Assert.ThrowsAsync<ArgumentException>(() => terminal.WriteUtf8Async(new byte[] { 0xC3 }, cancel.Token));
        await terminal.WriteUtf8Async("echo ok\r"u8.ToArray(), cancel.Token);
        Assert.Equal("echo ok\r\nok\r\n", await ReadUntilAsync(terminal, "ok\r\nok\r\n", cancel.Token));
    }

    /// <summary>An interactive shell on a new started workspace, once the fake agent has attached its connection.</summary>
    private static async Task<(ICoderTerminal Terminal, FakeTerminalSession Session)> OpenShellAsync(FakeEnvironment env, CancellationToken cancellationToken)
    {
        var (_, _, agent) = env.CreateStartedWorkspace();
        var terminal = await env.Client.Streams.OpenTerminalAsync(agent.Id, cancellationToken: cancellationToken);
        var session = await env.Server.Terminals.WaitForSessionAsync(terminal.ReconnectId, cancellationToken);
        await session.WaitForAttachmentsAsync(1, cancellationToken);
        return (terminal, session);
    }

    internal static async Task<string> ReadUntilAsync(ICoderTerminal terminal, string end, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var chunk in terminal.ReadTextAsync(cancellationToken))
        {
            text.Append(chunk);
            if (text.ToString().EndsWith(end, StringComparison.Ordinal))
            {
                break;
            }
        }

        return text.ToString();
    }
}
