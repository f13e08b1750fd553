using Microsoft.Extensions.Time.Testing;

namespace CoderSdk.Tests.Support;

/// <summary>
/// <see cref="FakeTimeProvider"/> (the clock, <see cref="FakeTimeProvider.Advance"/>, timers firing in order) starting at
/// 2030-01-01, plus what it does not show: the timers that are waiting (<see cref="PendingDelays"/>) and a signal when
/// they change, so <see cref="WaitForTimersAsync"/> lets a test wait, without sleeping, until the code under test has
/// started waiting. Each timer the library creates is wrapped to track its Change, Dispose and firing.
/// </summary>
public sealed class ManualTimeProvider() : FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly object _sync = new();
    private readonly HashSet<ObservedTimer> _pending = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Timers that are waiting, with how far in the future they are due.</summary>
    public IReadOnlyList<TimeSpan> PendingDelays
    {
        get
        {
            var now = GetUtcNow();
            lock (_sync)
            {
                return [.. _pending.Select(t => t.DueAt - now)];
            }
        }
    }

    /// <summary>
    /// Tests of this clock only: runs inside every timer's Change just before the clock's own timer is armed, so a test
    /// can force what another thread may do at that moment (read <see cref="PendingDelays"/>, advance the clock).
    /// </summary>
    internal Action? BeforeArming { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, callback, state);
        timer.Inner = base.CreateTimer(ObservedTimer.Fire, timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        timer.Change(dueTime, period);
        return timer;
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

    private void Update(Action change)
    {
        TaskCompletionSource previous;
        lock (_sync)
        {
            change();
            previous = _changed;
            _changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The library's timer, with the due time and period it was last given (FakeTimeProvider keeps them internal).</summary>
    private sealed class ObservedTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly ManualTimeProvider _owner = owner;
        private readonly TimerCallback _callback = callback;
        private readonly object? _state = state;
        private TimeSpan _period;
        private bool _disposed;
        private int _armingThread;
        /// <summary>Counts the calls to Change (under the owner's lock), so a firing or a later Change can tell which arming it belongs to.</summary>
        private long _generation;
        private long _firedGeneration;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset DueAt { get; private set; }

        /// <summary>
        /// The library calls this when the timer falls due; it then drops a one-shot timer or moves a periodic one on by
        /// its period (from the new time if the callback moved the clock, which nothing under test can do).
        /// </summary>
        public static void Fire(object? boxed)
        {
            var timer = (ObservedTimer)boxed!;
            var owner = timer._owner;
            owner.Update(() =>
            {
                var firstFiring = timer._firedGeneration != timer._generation;
                timer._firedGeneration = timer._generation;
                if (!owner._pending.Contains(timer))
                {
                    // Fired before Change published it (due at once, or the clock moved in between): Change sees
                    // the firing and publishes only what is still to come.
                    if (firstFiring && timer._period > TimeSpan.Zero)
                    {
                        timer.DueAt = owner.GetUtcNow() + timer._period;
                    }
                }
                else if (timer._period > TimeSpan.Zero)
                {
                    timer.DueAt += timer._period;
                }
                else
                {
                    owner._pending.Remove(timer);
                }
            });

            if (timer._armingThread == Environment.CurrentManagedThreadId)
            {
                // The library fires a timer due at once inside Change; a real timer fires off the caller's thread,
                // and the caller may still be constructing itself.
                ThreadPool.QueueUserWorkItem(static t => t._callback(t._state), timer, preferLocal: false);
                return;
            }

            timer._callback(timer._state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Arm the clock's timer first and publish it as pending only then: a test that sees it pending and advances
            // the clock must find it armed. (Published first, an Advance between the two missed the timer, which was
            // then armed from the advanced time and never fell due: the test hung until its real-time guard.)
            long arming;
            lock (_owner._sync)
            {
                arming = ++_generation;
                _period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            }

            _owner.BeforeArming?.Invoke();
            bool result;
            _armingThread = Environment.CurrentManagedThreadId;
            try
            {
                result = Inner.Change(dueTime, period);
            }
            finally
            {
                _armingThread = 0;
            }

            var armedAt = _owner.GetUtcNow();
            _owner.Update(() =>
            {
                // A later Change or a Dispose has taken over, or this arming has already fired (a one-shot is then done).
                if (_disposed || arming != _generation || (_firedGeneration == arming && period == Timeout.InfiniteTimeSpan))
                {
                    return;
                }

                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    _owner._pending.Remove(this);
                    return;
                }

                // The clock may have moved since the timer was armed; a periodic timer that already fired is due a period on.
                DueAt = _firedGeneration == arming ? DueAt : armedAt + dueTime;
                _owner._pending.Add(this);
            });

            return result;
        }

        public void Dispose()
        {
            Inner.Dispose();
            _owner.Update(() =>
            {
                _disposed = true;
                _owner._pending.Remove(this);
            });
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
