using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CoderSdk.Testing;

/// <summary>What a <see cref="FakeFault"/> does to a request.</summary>
public enum FakeFaultKind
{
    /// <summary>Drop the connection without a response; the endpoint does not run.</summary>
    Reset,

    /// <summary>Answer with a status (and headers) of the fault's choosing; the endpoint does not run.</summary>
    Status,

    /// <summary>Wait, then let the endpoint answer normally (a slow coderd).</summary>
    Delay,

    /// <summary>Answer with a redirect; the endpoint does not run.</summary>
    Redirect,

    /// <summary>Run the endpoint, then send its headers and only half of its body before dropping the connection.</summary>
    TruncatedBody,

    /// <summary>Run the endpoint (its effects happen), then drop the connection without a response.</summary>
    ResetAfterActing,

    /// <summary>Run the endpoint (its effects happen), then close the connection cleanly (FIN, no response), as an idle-timing proxy would.</summary>
    CloseAfterActing,

    /// <summary>Run the endpoint (its effects happen), then answer with another status instead, as a proxy that gave up would.</summary>
    StatusAfterActing,

    /// <summary>Run the endpoint (its effects happen), then wait before sending its answer.</summary>
    DelayAfterActing,
}

/// <summary>One fault the fake server can inject. Create them with the static methods.</summary>
public sealed class FakeFault
{
    private FakeFault(FakeFaultKind kind) => Kind = kind;

    /// <summary>What the fault does.</summary>
    public FakeFaultKind Kind { get; }

    /// <summary>The status sent, for <see cref="FakeFaultKind.Status"/>, <see cref="FakeFaultKind.StatusAfterActing"/> and <see cref="FakeFaultKind.Redirect"/>.</summary>
    public int StatusCode { get; private init; }

    /// <summary>The pause, for the delay kinds.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>The <c>Location</c> of a redirect.</summary>
    public Uri? Location { get; private init; }

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; private init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the fault also applies to WebSocket upgrade requests (log follows, watch-ws). Off by default, so a
    /// policy written for plain requests leaves streams alone; see <see cref="ForWebSocketUpgrades"/>.
    /// </summary>
    public bool AppliesToWebSocketUpgrades { get; private init; }

    /// <summary>
    /// The same fault, applied to WebSocket upgrade requests too: the handshake is answered with the fault's status
    /// or redirect instead of 101. Only <see cref="FakeFaultKind.Status"/>, <see cref="FakeFaultKind.Redirect"/> and
    /// <see cref="FakeFaultKind.Reset"/> make sense there.
    /// </summary>
    /// <returns>A copy that applies to upgrades.</returns>
    public FakeFault ForWebSocketUpgrades() => new(Kind)
    {
        StatusCode = StatusCode,
        Delay = Delay,
        Location = Location,
        Headers = Headers,
        AppliesToWebSocketUpgrades = true,
    };

    /// <summary>Drops the connection before the endpoint runs.</summary>
    public static FakeFault Reset() => new(FakeFaultKind.Reset);

    /// <summary>Answers with <paramref name="statusCode"/> and coderd's error body before the endpoint runs.</summary>
    /// <param name="statusCode">The status, e.g. 503.</param>
    /// <param name="headers">Extra headers, e.g. <c>Retry-After</c>.</param>
    public static FakeFault Status(int statusCode, IReadOnlyDictionary<string, string>? headers = null) =>
        new(FakeFaultKind.Status) { StatusCode = statusCode, Headers = headers ?? new Dictionary<string, string>() };

    /// <summary>Answers 429 the way coderd's rate limiter does: <c>Retry-After</c> and the <c>X-RateLimit-*</c> headers.</summary>
    /// <param name="retryAfterSeconds">The <c>Retry-After</c> value (coderd sends 60).</param>
    /// <param name="limit">The <c>X-RateLimit-Limit</c> value (coderd's default is 512).</param>
    public static FakeFault RateLimited(int retryAfterSeconds = 60, int limit = 512) => Status(429, new Dictionary<string, string>
    {
        ["Retry-After"] = retryAfterSeconds.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Remaining"] = "0",
        ["X-RateLimit-Reset"] = DateTimeOffset.UtcNow.AddSeconds(retryAfterSeconds).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    });

    /// <summary>Waits <paramref name="delay"/> (or until the client goes away), then lets the endpoint answer.</summary>
    /// <param name="delay">The pause.</param>
    public static FakeFault Slow(TimeSpan delay) => new(FakeFaultKind.Delay) { Delay = delay };

    /// <summary>Answers with a redirect to <paramref name="location"/>.</summary>
    /// <param name="location">Where to send the client (absolute, or relative to the request).</param>
    /// <param name="statusCode">301, 302, 303, 307 or 308.</param>
    public static FakeFault Redirect(Uri location, int statusCode = 307) => new(FakeFaultKind.Redirect) { StatusCode = statusCode, Location = location };

    /// <summary>Runs the endpoint, then sends half its body and drops the connection.</summary>
    public static FakeFault TruncatedBody() => new(FakeFaultKind.TruncatedBody);

    /// <summary>Runs the endpoint, then drops the connection without answering.</summary>
    public static FakeFault ResetAfterActing() => new(FakeFaultKind.ResetAfterActing);

    /// <summary>Runs the endpoint, then closes the connection cleanly without a response byte.</summary>
    public static FakeFault CloseAfterActing() => new(FakeFaultKind.CloseAfterActing);

    /// <summary>Runs the endpoint, then answers <paramref name="statusCode"/> instead of its result.</summary>
    /// <param name="statusCode">The status to send, e.g. 502.</param>
    public static FakeFault StatusAfterActing(int statusCode = 502) => new(FakeFaultKind.StatusAfterActing) { StatusCode = statusCode };

    /// <summary>Runs the endpoint, then waits <paramref name="delay"/> (or until the client goes away) before answering.</summary>
    /// <param name="delay">The pause.</param>
    public static FakeFault SlowAfterActing(TimeSpan delay) => new(FakeFaultKind.DelayAfterActing) { Delay = delay };

    /// <summary>Names the fault.</summary>
    /// <returns>The kind and its status, if any.</returns>
    public override string ToString() => StatusCode == 0 ? Kind.ToString() : $"{Kind} {StatusCode}";
}

/// <summary>The request a fault policy is asked about.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="RawTarget">The path and query as sent.</param>
/// <param name="Arrival">How many times this method and target have arrived so far, this one included (1 for the first).</param>
/// <param name="Sequence">The request's number among all requests to the server (1 for the first).</param>
public sealed record FakeFaultContext(string Method, string Path, string RawTarget, int Arrival, long Sequence);

/// <summary>What happened to one request.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="RawTarget">The path and query as sent.</param>
/// <param name="Fault">The fault injected, if any.</param>
/// <param name="EndpointStatus">The status the endpoint produced, when it ran (0 when it did not).</param>
public sealed record FakeFaultRecord(string Method, string RawTarget, FakeFault? Fault, int EndpointStatus)
{
    /// <summary>Whether the endpoint ran, so its effects happened.</summary>
    public bool EndpointRan => EndpointStatus != 0;
}

/// <summary>
/// Injects faults into a <see cref="FakeCoderServer"/>: one-shot faults queued with <see cref="Enqueue"/>, and a policy
/// consulted for every other request. Every request is recorded with what was done to it and whether the endpoint ran,
/// so tests can prove, for example, that no create reached the endpoint twice.
/// </summary>
public sealed class FakeFaultInjector
{
    private readonly object _sync = new();
    private readonly List<(FakeFault Fault, Func<FakeFaultContext, bool> When)> _queued = [];
    private readonly ConcurrentDictionary<string, int> _arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FakeFaultRecord> _records = new();
    private readonly TimeProvider _time;
    private Func<FakeFaultContext, FakeFault?>? _policy;
    private long _sequence;

    /// <summary>Creates an injector whose slow-response faults wait on the system clock.</summary>
    public FakeFaultInjector()
        : this(TimeProvider.System)
    {
    }

    /// <summary>An injector whose slow-response faults wait on the server's clock.</summary>
    internal FakeFaultInjector(TimeProvider time) => _time = time;

    /// <summary>Every request seen, in completion order.</summary>
    public IReadOnlyList<FakeFaultRecord> Records => [.. _records];

    /// <summary>How many faults were injected.</summary>
    public int InjectedCount => _records.Count(r => r.Fault is not null);

    /// <summary>Queues a fault for the next request that <paramref name="when"/> accepts (any request when null).</summary>
    /// <param name="fault">The fault.</param>
    /// <param name="when">Which request it is for.</param>
    public void Enqueue(FakeFault fault, Func<FakeFaultContext, bool>? when = null)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_sync)
        {
            _queued.Add((fault, when ?? (_ => true)));
        }
    }

    /// <summary>Sets the policy asked about every request no queued fault claimed; null answers mean no fault.</summary>
    /// <param name="policy">The policy, or null to stop injecting.</param>
    public void SetPolicy(Func<FakeFaultContext, FakeFault?>? policy) => Volatile.Write(ref _policy, policy);

    /// <summary>Removes queued faults and the policy; records are kept.</summary>
    public void Clear()
    {
        lock (_sync)
        {
            _queued.Clear();
        }

        SetPolicy(null);
    }

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var arrival = _arrivals.AddOrUpdate(request.Method + " " + raw, 1, (_, n) => n + 1);
        var fake = new FakeFaultContext(request.Method, request.Path.Value ?? string.Empty, raw, arrival, Interlocked.Increment(ref _sequence));
        var fault = Take(fake) ?? Volatile.Read(ref _policy)?.Invoke(fake);
        if (fault is null || (context.WebSockets.IsWebSocketRequest && !fault.AppliesToWebSocketUpgrades))
        {
            await next(context).ConfigureAwait(false);
            Record(fake, null, context.Response.StatusCode);
            return;
        }

        switch (fault.Kind)
        {
            case FakeFaultKind.Reset:
                Record(fake, fault, 0);
                context.Abort();
                return;
            case FakeFaultKind.Status:
                Record(fake, fault, 0);
                await WriteErrorAsync(context, fault.StatusCode, fault.Headers).ConfigureAwait(false);
                return;
            case FakeFaultKind.Redirect:
                Record(fake, fault, 0);
                context.Response.StatusCode = fault.StatusCode;
                context.Response.Headers.Location = fault.Location!.OriginalString;
                return;
            case FakeFaultKind.Delay:
                if (!await PauseAsync(context, fault.Delay).ConfigureAwait(false))
                {
                    Record(fake, fault, 0);
                    return;
                }

                await next(context).ConfigureAwait(false);
                Record(fake, fault, context.Response.StatusCode);
                return;
            default:
                await ActThenFailAsync(context, next, fake, fault).ConfigureAwait(false);
                return;
        }
    }

    private async Task ActThenFailAsync(HttpContext context, RequestDelegate next, FakeFaultContext fake, FakeFault fault)
    {
        // Run the endpoint against a buffer, so that nothing reaches the client until the fault decides what does.
        var original = context.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.Features.Set(original);
        }

        Record(fake, fault, context.Response.StatusCode);
        switch (fault.Kind)
        {
            case FakeFaultKind.ResetAfterActing:
                context.Abort();
                return;
            case FakeFaultKind.CloseAfterActing:
                context.Features.Get<IConnectionSocketFeature>()?.Socket.Shutdown(SocketShutdown.Both);
                context.Abort();
                return;
            case FakeFaultKind.StatusAfterActing:
                context.Response.Headers.Clear();
                await WriteErrorAsync(context, fault.StatusCode, new Dictionary<string, string>()).ConfigureAwait(false);
                return;
            case FakeFaultKind.DelayAfterActing:
                if (await PauseAsync(context, fault.Delay).ConfigureAwait(false))
                {
                    context.Response.ContentLength = buffer.Length;
                    await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
                }

                return;
            default:
                context.Response.ContentLength = buffer.Length;
                await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length / 2)).ConfigureAwait(false);
                await context.Response.Body.FlushAsync().ConfigureAwait(false);
                context.Abort();
                return;
        }
    }

    private FakeFault? Take(FakeFaultContext request)
    {
        lock (_sync)
        {
            for (var i = 0; i < _queued.Count; i++)
            {
                if (_queued[i].When(request))
                {
                    var fault = _queued[i].Fault;
                    _queued.RemoveAt(i);
                    return fault;
                }
            }
        }

        return null;
    }

    private void Record(FakeFaultContext request, FakeFault? fault, int endpointStatus) =>
        _records.Enqueue(new FakeFaultRecord(request.Method, request.RawTarget, fault, endpointStatus));

    private async Task<bool> PauseAsync(HttpContext context, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _time, context.RequestAborted).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, IReadOnlyDictionary<string, string> headers)
    {
        context.Response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        var message = status == 429 ? "You've been rate limited for sending more than the allowed number of requests." : $"Injected fault: status {status}.";
        var body = Encoding.UTF8.GetBytes(FakeCoderJson.Error(message).ToJsonString());
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body).ConfigureAwait(false);
    }
}
