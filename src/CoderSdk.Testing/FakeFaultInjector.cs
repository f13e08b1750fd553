using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CoderSdk.Testing;

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
