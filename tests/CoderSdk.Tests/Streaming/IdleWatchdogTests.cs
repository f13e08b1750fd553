using CoderSdk.Streaming;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Streaming;

/// <summary>
/// The silence bound of a stream connection: measured from the last activity, however the one timer behind it is
/// moved (activity only notes the time; the timer is moved when it was last set a while ago, or sets itself for the
/// rest when it fires early).
/// </summary>
public sealed class IdleWatchdogTests
{
    [Fact]
    public void Touch_WithinTheSlack_LeavesTheTimerButTheBoundStillCountsFromTheLastActivity()
    {
        var clock = new ManualTimeProvider();
        using var watchdog = new IdleWatchdog(clock, TimeSpan.FromSeconds(40));

        clock.Advance(TimeSpan.FromMilliseconds(500));
        watchdog.Touch(); // half a second after the timer was set: within the 1 s slack, the timer is not moved
        Assert.Equal([TimeSpan.FromSeconds(39.5)], clock.PendingDelays);

        clock.Advance(TimeSpan.FromSeconds(39.5)); // the timer fires 39.5 s after the touch: not silent long enough
        Assert.False(watchdog.Expired);
        Assert.Equal([TimeSpan.FromMilliseconds(500)], clock.PendingDelays);

        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(watchdog.Expired);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(watchdog.Expired);
        Assert.True(watchdog.Token.IsCancellationRequested);
    }

    [Fact]
    public void Touch_AfterTheSlack_MovesTheTimerToTheFullBound()
    {
        var clock = new ManualTimeProvider();
        using var watchdog = new IdleWatchdog(clock, TimeSpan.FromSeconds(40));

        clock.Advance(TimeSpan.FromSeconds(1));
        watchdog.Touch();

        Assert.Equal([TimeSpan.FromSeconds(40)], clock.PendingDelays);
        clock.Advance(TimeSpan.FromSeconds(39));
        watchdog.Touch();
        clock.Advance(TimeSpan.FromSeconds(39.999));
        Assert.False(watchdog.Expired);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(watchdog.Expired);
    }

    [Fact]
    public void Touch_ShortBound_SlackIsAnEighthOfIt()
    {
        var clock = new ManualTimeProvider();
        using var watchdog = new IdleWatchdog(clock, TimeSpan.FromMilliseconds(400));

        clock.Advance(TimeSpan.FromMilliseconds(49));
        watchdog.Touch();
        Assert.Equal([TimeSpan.FromMilliseconds(351)], clock.PendingDelays);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        watchdog.Touch();
        Assert.Equal([TimeSpan.FromMilliseconds(400)], clock.PendingDelays);
    }

    [Fact]
    public void InfiniteBound_NeverSetsATimerNorExpires()
    {
        var clock = new ManualTimeProvider();
        using var watchdog = new IdleWatchdog(clock, Timeout.InfiniteTimeSpan);

        watchdog.Touch();
        clock.Advance(TimeSpan.FromDays(1));

        Assert.Empty(clock.PendingDelays);
        Assert.False(watchdog.Expired);
    }
}
