namespace CoderSdk.Tests.Support;

/// <summary>
/// The test clock itself: a timer a test can see waiting (<see cref="ManualTimeProvider.PendingDelays"/>) is one the
/// next <c>Advance</c> fires. The orders another thread can produce are forced with
/// <see cref="ManualTimeProvider.BeforeArming"/>, not left to timing.
/// </summary>
public sealed class ManualTimeProviderTests
{
    [Fact]
    public void CreateTimer_SeenBeforeItIsArmed_IsNot()
    {
        // A test thread that saw the timer here and advanced the clock would miss it: the timer would then be armed from
        // the later time and never fall due, and a test waiting for it would wait until its real-time guard.
        var clock = new ManualTimeProvider();
        var seen = new List<int>();
        clock.BeforeArming = () => seen.Add(clock.PendingDelays.Count);

        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);

        Assert.Equal([0], seen);
        Assert.Equal([TimeSpan.FromSeconds(5)], clock.PendingDelays);
    }

    [Fact]
    public void CreateTimer_ClockAdvancedWhileArming_IsDueItsFullDelayFromWhenItWasArmedAndFiresThen()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        clock.BeforeArming = () =>
        {
            clock.BeforeArming = null;
            clock.Advance(TimeSpan.FromSeconds(3));
        };

        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        var due = Assert.Single(clock.PendingDelays);
        clock.Advance(due - TimeSpan.FromTicks(1));
        var early = Volatile.Read(ref fired);
        clock.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(TimeSpan.FromSeconds(5), due);
        Assert.Equal(0, early);
        Assert.Equal(1, Volatile.Read(ref fired));
        Assert.Empty(clock.PendingDelays);
    }

    [Fact]
    public void Change_PreviousArmingFiresWhileTheNewOneIsArmed_RunsTheCallbackAndLeavesTheNewOnePending()
    {
        // A firing already under way when the library re-arms its timer (a watchdog moved by activity while the test
        // advances the clock) belongs to the old arming: it must not count as the new arming's firing and hide it.
        var clock = new ManualTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        clock.BeforeArming = () =>
        {
            clock.BeforeArming = null;
            clock.Advance(TimeSpan.FromSeconds(5));
        };

        timer.Change(TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        Assert.Equal(1, Volatile.Read(ref fired));
        Assert.Equal([TimeSpan.FromSeconds(10)], clock.PendingDelays);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(2, Volatile.Read(ref fired));
        Assert.Empty(clock.PendingDelays);
    }

    [Fact]
    public void Change_DueAtOnce_FiresOffTheArmingThreadAndLeavesNothingPending()
    {
        var clock = new ManualTimeProvider();
        using var fired = new ManualResetEventSlim();
        var armingThread = Environment.CurrentManagedThreadId;
        var firedOn = 0;

        using var timer = clock.CreateTimer(_ =>
        {
            firedOn = Environment.CurrentManagedThreadId;
            fired.Set();
        }, null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        Assert.True(fired.Wait(TimeSpan.FromSeconds(30)));
        Assert.NotEqual(armingThread, firedOn);
        Assert.Empty(clock.PendingDelays);
    }

    [Fact]
    public void Change_Periodic_StaysPendingAPeriodOnAfterEachFiring()
    {
        var clock = new ManualTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));

        clock.Advance(TimeSpan.FromSeconds(2));
        var afterFirst = clock.PendingDelays;
        clock.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal([TimeSpan.FromSeconds(3)], afterFirst);
        Assert.Equal(2, Volatile.Read(ref fired));
        Assert.Equal([TimeSpan.FromSeconds(3)], clock.PendingDelays);
    }
}
