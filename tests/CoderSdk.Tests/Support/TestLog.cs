using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CoderSdk.Tests.Support;

/// <summary>One captured log entry: a <see cref="FakeLogRecord"/>, whose state values are the invariant strings of what was logged.</summary>
public sealed class LogEntry(FakeLogRecord record)
{
    public string Category => record.Category ?? "";

    public LogLevel Level => record.Level;

    public EventId EventId => record.Id;

    public string Message => record.Message;

    public Exception? Exception => record.Exception;

    // Not StructuredState, which throws for a state that is not a list of properties (the record keeps its string).
    public IReadOnlyList<KeyValuePair<string, string?>> State => record.State as IReadOnlyList<KeyValuePair<string, string?>> ?? [];

    public string? this[string key] => State.FirstOrDefault(p => p.Key == key).Value;

    public override string ToString() => $"{Level} {Category}[{EventId.Name}] {Message}";
}

/// <summary>
/// A logger factory (and provider) over <see cref="FakeLogCollector"/> that keeps every entry, Trace included, for
/// assertions, and feeds each one to the suite-wide <see cref="TokenLeakAudit"/> as it is logged.
/// </summary>
public sealed class TestLog : ILoggerFactory, ILoggerProvider
{
    private readonly FakeLoggerProvider _provider = new(FakeLogCollector.Create(new FakeLogCollectorOptions
    {
        // The collector hands each record it keeps to the formatter, then the formatted line to the sink.
        OutputFormatter = Audit,
        OutputSink = static _ => { },
    }));

    public IReadOnlyList<LogEntry> Entries => [.. _provider.Collector.GetSnapshot().Select(r => new LogEntry(r))];

    public IEnumerable<LogEntry> Named(string eventName) => Entries.Where(e => e.EventId.Name == eventName);

    public ILogger CreateLogger(string categoryName) => _provider.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private static string Audit(FakeLogRecord record)
    {
        var entry = new LogEntry(record);
        TokenLeakAudit.Global.Scan(entry.Message, $"log message {entry.Category}[{entry.EventId.Name}]");
        foreach (var (key, value) in entry.State)
        {
            TokenLeakAudit.Global.Scan(value, $"log property {key} of {entry.EventId.Name}");
        }

        if (entry.Exception is not null)
        {
            TokenLeakAudit.Global.Scan(entry.Exception.ToString(), $"exception logged with {entry.EventId.Name}");
        }

        return "";
    }
}
