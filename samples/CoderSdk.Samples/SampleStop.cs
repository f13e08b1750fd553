using System.Runtime.InteropServices;

namespace CoderSdk.Samples;

/// <summary>
/// Why and how a sample run ends early: Ctrl+C (SIGINT) or SIGTERM cancels <see cref="Token"/>, the run unwinds (the
/// embedded fake server is disposed) and exits with the code shells use for that signal, 130 or 143. Signals that
/// follow are absorbed: <c>timeout</c> and <c>dotnet run</c> may deliver one signal twice, and the unwinding is short
/// (the fake server stops within a few seconds).
/// </summary>
public sealed class SampleStop : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _signal;

    /// <summary>Cancelled when a stop was requested.</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The signal that stopped the run; null while it runs.</summary>
    public PosixSignal? Signal => Volatile.Read(ref _signal) is var signal and not 0 ? (PosixSignal)signal : null;

    /// <summary>The exit code for the signal: 128 plus its number, as shells report it (130 for SIGINT, 143 for SIGTERM).</summary>
    public int ExitCode => Signal == PosixSignal.SIGTERM ? 143 : 130;

    /// <summary>The line printed when a signal ended the run.</summary>
    public string Description => Signal == PosixSignal.SIGTERM ? "terminated (SIGTERM)" : "canceled";

    /// <summary>Stops the run on this process's SIGINT (Ctrl+C) and SIGTERM.</summary>
    /// <returns>The stop; dispose it to hand the signals back.</returns>
    public static SampleStop OnProcessSignals()
    {
        var stop = new SampleStop();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            stop._registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                stop.Request(context.Signal);
            }));
        }

        return stop;
    }

    /// <summary>Requests a stop as if <paramref name="signal"/> had arrived.</summary>
    /// <param name="signal">SIGINT or SIGTERM.</param>
    /// <returns>True for the first request (the run unwinds); false for any later one.</returns>
    public bool Request(PosixSignal signal)
    {
        // PosixSignal values are negative, so 0 is free to mean "none yet".
        if (Interlocked.CompareExchange(ref _signal, (int)signal, 0) != 0)
        {
            return false;
        }

        _cancel.Cancel();
        return true;
    }

    /// <summary>Unregisters the signal handlers.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }
}
