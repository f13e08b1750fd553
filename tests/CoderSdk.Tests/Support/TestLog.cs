using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Tests.Support;

/// <summary>One captured log entry.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State)
{
    public object? this[string key] => State.FirstOrDefault(p => p.Key == key).Value;

    public override string ToString() => $"{Level} {Category}[{EventId.Name}] {Message}";
}

/// <summary>
/// A logger factory that keeps every entry (all levels, Trace included) for assertions and feeds each one to the
/// suite-wide <see cref="TokenLeakAudit"/>.
/// </summary>
public sealed class TestLog : ILoggerFactory, ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IEnumerable<LogEntry> Named(string eventName) => Entries.Where(e => e.EventId.Name == eventName);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        _entries.Enqueue(entry);
        TokenLeakAudit.Global.Scan(entry.Message, $"log message {entry.Category}[{entry.EventId.Name}]");
        foreach (var (key, value) in entry.State)
        {
            TokenLeakAudit.Global.Scan(value?.ToString(), $"log property {key} of {entry.EventId.Name}");
        }

        if (entry.Exception is not null)
        {
            TokenLeakAudit.Global.Scan(entry.Exception.ToString(), $"exception logged with {entry.EventId.Name}");
        }
    }

    private sealed class Logger(TestLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, [.. properties]));
        }
    }
}
