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
    /// Tests of this clock only: runs inside every timer's Change once the new arming has replaced the previous one and
    /// before the clock's timers are switched (the previous arming's still armed, the new one not yet), so a test can
    /// force what another thread may do at that moment (read <see cref="PendingDelays"/>, advance the clock).
    /// </summary>
    internal Action? BeforeArming { get; set; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, callback, state);
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

    /// <summary>A timer of the clock itself (<see cref="FakeTimeProvider"/>), armed at once.</summary>
    private ITimer CreateClockTimer(TimerCallback callback, object state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, dueTime, period);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// The library's timer, with the due time and period it was last given (FakeTimeProvider keeps them internal). Each
    /// Change arms a timer of the clock's own, tagged with the arming it belongs to, so a firing of an arming that a later
    /// Change replaced (already under way when the Change came) runs the callback, as a real timer's would, but does not
    /// touch what the newer arming published.
    /// </summary>
    private sealed class ObservedTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private readonly ManualTimeProvider _owner = owner;
        private readonly TimerCallback _callback = callback;
        private readonly object? _state = state;
        private ITimer? _inner;
        private Arming? _current;
        private bool _disposed;

        public DateTimeOffset DueAt { get; private set; }

        /// <summary>One call to Change: its period, whether it has fired, and the thread arming it.</summary>
        private sealed class Arming(ObservedTimer timer, TimeSpan period)
        {
            public ObservedTimer Timer { get; } = timer;

            public TimeSpan Period { get; } = period;

            public bool Fired { get; set; }

            public int ArmingThread { get; set; } = Environment.CurrentManagedThreadId;
        }

        /// <summary>
        /// The clock calls this when an arming falls due. For the current arming it drops a one-shot timer from the
        /// pending ones or moves a periodic one on by its period; then it runs the library's callback.
        /// </summary>
        private static void Fire(object? boxed)
        {
            var arming = (Arming)boxed!;
            var timer = arming.Timer;
            var owner = timer._owner;
            owner.Update(() =>
            {
                if (!ReferenceEquals(arming, timer._current))
                {
                    return;
                }

                var published = owner._pending.Contains(timer);
                if (arming.Period <= TimeSpan.Zero)
                {
                    owner._pending.Remove(timer);
                }
                else
                {
                    // Fired before Change published it (due at once, or the clock moved in between): a period from now.
                    timer.DueAt = published ? timer.DueAt + arming.Period : owner.GetUtcNow() + arming.Period;
                }

                arming.Fired = true;
            });

            if (arming.ArmingThread == Environment.CurrentManagedThreadId)
            {
                // The clock fires a timer due at once inside Change; a real timer fires off the caller's thread, and the
                // caller may still be constructing itself.
                ThreadPool.QueueUserWorkItem(static t => t._callback(t._state), timer, preferLocal: false);
                return;
            }

            timer._callback(timer._state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // Arm the clock's timer first and publish it as pending only then: a test that sees a timer pending and
            // advances the clock finds it armed, so the advance fires it.
            var arming = new Arming(this, period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period);
            ITimer? replaced;
            lock (_owner._sync)
            {
                if (_disposed)
                {
                    return false;
                }

                replaced = _inner;
                _current = arming;
            }

            _owner.BeforeArming?.Invoke();
            replaced?.Dispose();
            var inner = _owner.CreateClockTimer(Fire, arming, dueTime, period);
            arming.ArmingThread = 0;
            // Read just after arming: exact, unless another thread advances the clock in that instant (then the delay
            // shows up to that advance long; the timer itself is armed right).
            var armedAt = _owner.GetUtcNow();
            _owner.Update(() =>
            {
                if (_disposed || !ReferenceEquals(arming, _current))
                {
                    // Disposed, or a later Change took over while this one armed.
                    inner.Dispose();
                    return;
                }

                _inner = inner;
                if (dueTime == Timeout.InfiniteTimeSpan || (arming.Fired && arming.Period == TimeSpan.Zero))
                {
                    _owner._pending.Remove(this);
                    return;
                }

                DueAt = arming.Fired ? DueAt : armedAt + dueTime;
                _owner._pending.Add(this);
            });

            return true;
        }

        public void Dispose()
        {
            ITimer? inner = null;
            _owner.Update(() =>
            {
                _disposed = true;
                _current = null;
                inner = _inner;
                _inner = null;
                _owner._pending.Remove(this);
            });
            inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
