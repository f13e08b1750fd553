using System.Text;
using CoderSdk.Streaming;

namespace CoderSdk.Tests.Terminal;

/// <summary>
/// Lining a reattached connection's replay up against what was already delivered, for the cases the agent's 64 KiB ring
/// buffer produces (no gap, output during the gap, a wrapped buffer) and the ones it does not (a fresh session).
/// </summary>
public sealed class TerminalReplayTests
{
    [Fact]
    public void ReplayOfEverything_PlusGapOutput_DeliversOnlyTheGapOutput_EvenSplitIntoManyFrames()
    {
        var replay = new TerminalReplay();
        replay.Accept("line 1\r\nline 2\r\n"u8);
        replay.BeginReplay();

        var delivered = new StringBuilder();
        foreach (var frame in new[] { "line 1\r", "\nline 2", "\r\nduring gap\r\n" })
        {
            delivered.Append(Encoding.UTF8.GetString(replay.Accept(Encoding.UTF8.GetBytes(frame)).Span));
        }

        Assert.Equal("during gap\r\n", delivered.ToString());
        Assert.Equal(16, replay.Skipped);
        Assert.False(replay.Replaying);
        Assert.Equal("live", Encoding.UTF8.GetString(replay.Accept("live"u8).Span));
    }

    [Fact]
    public void ReplayStillArriving_IsHeld_ThenTheRestIsDelivered()
    {
        var replay = new TerminalReplay();
        replay.Accept("abcdef"u8);
        replay.BeginReplay();

        Assert.True(replay.Accept("abc"u8).IsEmpty);
        Assert.True(replay.Replaying);
        Assert.Equal("XY", Encoding.UTF8.GetString(replay.Accept("defXY"u8).Span));
    }

    [Fact]
    public void WrappedAgentBuffer_ReplayStartsInsideTheHistory_OverlapIsFound()
    {
        var replay = new TerminalReplay(window: 8);
        replay.Accept("0123456789"u8); // the history keeps "23456789"
        replay.BeginReplay();

        // The agent's 8-byte buffer after 3 bytes of gap output: "56789" + "abc".
        var fresh = replay.Accept("56789abc"u8);

        Assert.Equal("abc", Encoding.UTF8.GetString(fresh.Span));
        Assert.Equal(5, replay.Skipped);
    }

    [Fact]
    public void ReplayThatDoesNotLineUp_IsDeliveredWhole()
    {
        var replay = new TerminalReplay();
        replay.Accept("old session\r\n"u8);
        replay.BeginReplay();

        Assert.Equal("$ ", Encoding.UTF8.GetString(replay.Accept("$ "u8).Span));
        Assert.Equal(0, replay.Skipped);
    }

    [Fact]
    public void ConnectionEndsDuringTheReplay_FlushDropsWhatWasAlreadySeen()
    {
        var replay = new TerminalReplay();
        replay.Accept("hello world"u8);
        replay.BeginReplay();

        Assert.True(replay.Accept("hello"u8).IsEmpty);
        Assert.True(replay.Flush().IsEmpty);
        Assert.Equal(5, replay.Skipped);
    }

    [Fact]
    public void NothingDeliveredYet_NoReplayToTrim()
    {
        var replay = new TerminalReplay();
        replay.BeginReplay();

        Assert.False(replay.Replaying);
        Assert.Equal("first", Encoding.UTF8.GetString(replay.Accept("first"u8).Span));
    }
}
