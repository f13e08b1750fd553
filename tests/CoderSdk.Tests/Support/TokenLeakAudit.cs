using System.Collections.Concurrent;
using System.Reflection;
using CoderSdk.Errors;
using CoderSdk.Testing;
using Xunit.Sdk;

[assembly: CoderSdk.Tests.Support.TokenLeakCheck]

namespace CoderSdk.Tests.Support;

/// <summary>
/// Watches every session token the tests use and scans text for them. The suite-wide instance (<see cref="Global"/>)
/// learns each token a fake server issues, scans the message of every exception thrown anywhere in the test process
/// (first-chance, so also those caught inside the SDK or the server) and every log entry a test logger captures.
/// <see cref="TokenLeakCheckAttribute"/> fails a test as soon as anything was found.
/// </summary>
public sealed class TokenLeakAudit
{
    private readonly object _sync = new();
    private string[] _tokens = [];
    private readonly ConcurrentQueue<string> _leaks = new();
    private long _scanned;

    static TokenLeakAudit()
    {
        FakeCoderServer.SessionTokenIssued += token => Global.Watch(token);
        AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        {
            var type = e.Exception.GetType().Name;
            Global.Scan(e.Exception.Message, "message of a " + type);
            if (e.Exception is CoderApiException api)
            {
                // What the server sent is kept on the exception too; a token echoed there must have been masked.
                Global.Scan(api.ResponseBody, "response body of a " + type);
                Global.Scan(api.Detail, "detail of a " + type);
                Global.Scan(string.Join("; ", api.Validations), "validations of a " + type);
            }

            if (e.Exception is CoderStreamException { CloseDescription: { } reason })
            {
                Global.Scan(reason, "close reason of a " + type);
            }
        };
    }

    /// <summary>The audit every test feeds.</summary>
    public static TokenLeakAudit Global { get; } = new();

    /// <summary>How many texts were scanned so far.</summary>
    public long Scanned => Interlocked.Read(ref _scanned);

    /// <summary>Where a token was found (empty when none leaked).</summary>
    public IReadOnlyList<string> Leaks => [.. _leaks];

    /// <summary>Starts watching a token.</summary>
    public void Watch(string token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return;
        }

        lock (_sync)
        {
            if (!_tokens.Contains(token, StringComparer.Ordinal))
            {
                _tokens = [.. _tokens, token];
            }
        }
    }

    /// <summary>Scans one text; records a leak (without the token itself) when a watched token appears in it.</summary>
    public void Scan(string? text, string where)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        Interlocked.Increment(ref _scanned);
        foreach (var token in Volatile.Read(ref _tokens))
        {
            if (text.Contains(token, StringComparison.Ordinal))
            {
                _leaks.Enqueue($"a watched token appeared in the {where}: {text.Replace(token, "<TOKEN>", StringComparison.Ordinal)}");
            }
        }
    }

    /// <summary>Scans an exception, its inner exceptions and its full text.</summary>
    public void Scan(Exception exception) => Scan(exception.ToString(), "text of a caught " + exception.GetType().Name);

    internal bool TryTakeLeak(out string leak) => _leaks.TryDequeue(out leak!);
}

/// <summary>
/// Applied to the whole test assembly: after every test, fails it if any watched token has leaked into an exception
/// message or a captured log entry since the last check. Each leak is reported once.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method)]
public sealed class TokenLeakCheckAttribute : BeforeAfterTestAttribute
{
    public override void Before(MethodInfo methodUnderTest) => _ = TokenLeakAudit.Global;

    public override void After(MethodInfo methodUnderTest)
    {
        var leaks = new List<string>();
        while (TokenLeakAudit.Global.TryTakeLeak(out var leak))
        {
            leaks.Add(leak);
        }

        if (leaks.Count > 0)
        {
            throw new InvalidOperationException($"Session token leak detected while {methodUnderTest.Name} ran:{Environment.NewLine}{string.Join(Environment.NewLine, leaks)}");
        }
    }
}
