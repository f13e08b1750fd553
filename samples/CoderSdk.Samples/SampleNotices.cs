using Microsoft.Extensions.Logging;

namespace CoderSdk.Samples;

/// <summary>
/// A logger factory that prints the SDK's warnings as <c>note:</c> lines: each retry it schedules (with the delay and
/// the failure, e.g. a refused connection), an opened circuit, a refused redirect, a token sent over plain http. The
/// SDK's log messages never contain the session token.
/// </summary>
public sealed class SampleNotices(TextWriter writer) : ILoggerFactory, ILogger
{
    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => this;

    /// <inheritdoc />
    public void AddProvider(ILoggerProvider provider)
    {
    }

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine("note: " + formatter(state, exception));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
