namespace CoderSdk.Streaming;

/// <summary>
/// A connection's silence bound: <see cref="Token"/> is canceled once nothing has arrived for the timeout. Activity
/// (<see cref="Touch"/>) only notes the time; the one timer is moved when it was last set a while ago, and when it
/// fires before the connection has really been silent that long, it sets itself for the rest. So a busy stream
/// costs a timestamp per message instead of a timer change, and the bound is still measured from the last activity.
/// Time comes from the client's <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
internal sealed class IdleWatchdog : IDisposable
{
    /// <summary>The longest a set timer is left behind the last activity before <see cref="Touch"/> moves it.</summary>
    private static readonly TimeSpan MaxSlack = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly TimeSpan _slack;
    private readonly CancellationTokenSource _expired;
    private readonly bool _ownsSource;
    private readonly ITimer? _timer;
    private long _lastActivity;
    private long _setAt;
    private int _fired;

    /// <param name="time">The client's clock.</param>
    /// <param name="timeout">The silence bound; <see cref="Timeout.InfiniteTimeSpan"/> never expires.</param>
    /// <param name="cancel">
    /// The source to cancel when the bound passes (the caller's own, which it disposes), so a connection needs no
    /// source of its own for silence; null makes one, which <see cref="Dispose"/> disposes.
    /// </param>
    public IdleWatchdog(TimeProvider time, TimeSpan timeout, CancellationTokenSource? cancel = null)
    {
        _time = time;
        _timeout = timeout;
        _ownsSource = cancel is null;
        _expired = cancel ?? new CancellationTokenSource();
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        _slack = timeout / 8 < MaxSlack ? timeout / 8 : MaxSlack;
        _lastActivity = _setAt = time.GetTimestamp();
        _timer = time.CreateTimer(static state => ((IdleWatchdog)state!).Fire(), this, timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Canceled once the connection has been silent for the timeout.</summary>
    public CancellationToken Token => _expired.Token;

    /// <summary>True once the bound has passed.</summary>
    public bool Expired => Volatile.Read(ref _fired) != 0;

    /// <summary>Something arrived (or was sent): the silence starts again now.</summary>
    public void Touch()
    {
        if (_timer is null)
        {
            return;
        }

        var now = _time.GetTimestamp();
        Volatile.Write(ref _lastActivity, now);
        if (_time.GetElapsedTime(Volatile.Read(ref _setAt), now) >= _slack)
        {
            Set(now, _timeout);
        }
    }

    private void Fire()
    {
        var now = _time.GetTimestamp();
        var silent = _time.GetElapsedTime(Volatile.Read(ref _lastActivity), now);
        if (silent < _timeout)
        {
            // Activity since the timer was set: wait for the rest of the bound, counted from that activity.
            Set(now, _timeout - silent);
            return;
        }

        Volatile.Write(ref _fired, 1);
        try
        {
            _expired.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Set(long now, TimeSpan due)
    {
        Volatile.Write(ref _setAt, now);
        try
        {
            _timer!.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        if (_ownsSource)
        {
            _expired.Dispose();
        }
    }
}
