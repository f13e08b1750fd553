using System.Diagnostics.Tracing;
using CoderSdk.Configuration;
using CoderSdk.Json;

namespace CoderSdk.Benchmarks;

/// <summary>
/// Where a call's bytes go: runs each variant many times, prints the exact bytes per call
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, server included, as BenchmarkDotNet counts them) and the runtime's
/// sampled allocations by type (GC AllocationTick events, one per ~100 KB). A diagnostic, not a benchmark: the ratios
/// that count come from BenchmarkDotNet.
/// </summary>
internal static class AllocationProfile
{
    public static async Task<int> RunAsync(int calls, bool types, string? only = null)
    {
        await using var server = await CannedCoderServer.StartAsync(100);
        using var raw = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.BaseUrl };
        raw.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
        using var sdk = new CoderClient(server.BaseUrl, CannedCoderServer.Token);
        var bare = new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = CannedCoderServer.Token };
        bare.Resilience.Enabled = false;
        using var sdkBare = new CoderClient(bare);
        var floor = RefitFloor.Create(server.BaseUrl);

        var variants = new (string Name, Func<Task> Call)[]
        {
            ("raw", async () =>
            {
                using var response = await raw.GetAsync($"api/v2/workspaces/{server.WorkspaceId}", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync();
                _ = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, CoderJsonContext.Default.Workspace);
            }),
            ("sdk", () => sdk.Workspaces.GetAsync(server.WorkspaceId)),
            ("sdk-no-resilience", () => sdkBare.Workspaces.GetAsync(server.WorkspaceId)),
            ("refit-floor", () => floor.GetAsync(server.WorkspaceId)),
        };

        foreach (var (name, call) in variants.Where(v => only is null || v.Name == only))
        {
            for (var i = 0; i < 2000; i++)
            {
                await call();
            }

            using var listener = types ? new AllocationListener() : null;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < calls; i++)
            {
                await call();
            }

            var perCall = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)calls;
            Console.WriteLine($"{name}: {perCall:0} bytes per call");
            if (listener is not null)
            {
                foreach (var (type, bytes) in listener.Snapshot().OrderByDescending(t => t.Value))
                {
                    Console.WriteLine($"  {bytes / (double)calls,8:0} B/call  {type}");
                }
            }
        }

        return 0;
    }

    private sealed class AllocationListener : EventListener
    {
        private readonly Dictionary<string, long> _bytes = new();
        private bool _on;

        public AllocationListener() => _on = true;

        public Dictionary<string, long> Snapshot()
        {
            lock (_bytes)
            {
                _on = false;
                return new Dictionary<string, long>(_bytes);
            }
        }

        protected override void OnEventSourceCreated(EventSource source)
        {
            if (source.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(source, EventLevel.Verbose, (EventKeywords)0x1);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs e)
        {
            if (e.EventName is not "GCAllocationTick_V4" || e.Payload is null)
            {
                return;
            }

            var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
            var amount = Convert.ToInt64(e.Payload[e.PayloadNames!.IndexOf("AllocationAmount64")]);
            lock (_bytes)
            {
                if (_on)
                {
                    _bytes[type] = _bytes.GetValueOrDefault(type) + amount;
                }
            }
        }
    }
}
