namespace CoderSdk.Tests.Support;

/// <summary>
/// A clock that moves only when a test calls <see cref="Advance"/>. Timers (Polly's timeouts, retry delays, circuit
/// windows) fire when the clock passes their due time. <see cref="WaitForTimersAsync"/> lets a test wait, without
/// sleeping, until the code under test has started waiting.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _sync = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private long _ticks;
    private TaskCompletionSource _changed = NewSignal();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_sync)
        {
            return _now;
        }
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_sync)
        {
            return _ticks;
        }
    }

    /// <summary>Timers that are waiting, with how far in the future they are due.</summary>
    public IReadOnlyList<TimeSpan> PendingDelays
    {
        get
        {
            lock (_sync)
            {
                return [.. _timers.Where(t => t.DueAt is not null).Select(t => TimeSpan.FromTicks(t.DueAt!.Value - _ticks))];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward and fires every timer that falls due, in order.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_sync)
        {
            target = _ticks + by.Ticks;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_sync)
            {
                due = _timers.Where(t => t.DueAt is { } at && at <= target).OrderBy(t => t.DueAt).FirstOrDefault();
                var moveTo = due?.DueAt ?? target;
                if (moveTo > _ticks)
                {
                    _now += TimeSpan.FromTicks(moveTo - _ticks);
                    _ticks = moveTo;
                }

                due?.Reschedule(_ticks);
            }

            if (due is null)
            {
                return;
            }

            due.Fire();
        }
    }

    /// <summary>Waits (on a real-time safety limit of 10 s) until <paramref name="condition"/> holds for the pending timers.</summary>
    public async Task WaitForTimersAsync(Func<IReadOnlyList<TimeSpan>, bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_sync)
            {
                changed = _changed.Task;
            }

            if (condition(PendingDelays))
            {
                return;
            }

            await changed.WaitAsync(limit.Token);
        }
    }

    private void Signal()
    {
        TaskCompletionSource previous;
        lock (_sync)
        {
            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period;

        public long? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._sync)
            {
                owner._timers.Remove(this);
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._ticks + Math.Max(0, dueTime.Ticks);
                if (DueAt is not null)
                {
                    owner._timers.Add(this);
                }
            }

            owner.Signal();
            if (dueTime == TimeSpan.Zero)
            {
                // Fire off this thread, as a real timer would: the caller may still be constructing itself.
                ThreadPool.QueueUserWorkItem(static o => ((ManualTimeProvider)o!).Advance(TimeSpan.Zero), owner);
            }

            return true;
        }

        public void Reschedule(long now)
        {
            if (_period > 0)
            {
                DueAt = now + _period;
            }
            else
            {
                DueAt = null;
                owner._timers.Remove(this);
            }
        }

        public void Fire()
        {
            owner.Signal();
            callback(state);
        }

        public void Dispose()
        {
            lock (owner._sync)
            {
                DueAt = null;
                owner._timers.Remove(this);
            }

            owner.Signal();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
