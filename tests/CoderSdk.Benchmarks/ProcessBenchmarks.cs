using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using CoderSdk.Configuration;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk.Benchmarks;

/// <summary>
/// Exact harness for the figures users feel: many calls in flight, a long build-log follow, watch events. The server
/// runs in a child process (<see cref="ServerProcess"/>), so CPU, allocation and heap figures are the client's alone.
/// Every round runs the raw variant and the SDK back to back in the same process (order alternating), and the ratio
/// is taken within the round, so a neighbour's build slowing the machine moves both sides of a ratio together.
/// </summary>
internal static class ProcessBenchmarks
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What one measured run cost the client.</summary>
    private readonly record struct Sample(double Seconds, double CpuSeconds, long Bytes, long Units)
    {
        public double PerSecond => Units / Seconds;

        public double CpuMicrosPerUnit => CpuSeconds * 1e6 / Units;

        public double BytesPerUnit => Bytes / (double)Units;
    }

    private static async Task<Sample> MeasureAsync(long units, Func<Task> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime;
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await run();
        var seconds = clock.Elapsed.TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        self.Refresh();
        return new Sample(seconds, (self.TotalProcessorTime - cpu).TotalSeconds, allocated, units);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Range(IEnumerable<double> values, string format) =>
        $"{values.Min().ToString(format, Inv)}-{values.Max().ToString(format, Inv)}";

    /// <summary>Runs <paramref name="rounds"/> rounds of every variant (order alternating) and prints medians and within-round ratios against the first variant.</summary>
    private static async Task ReportAsync(string title, string unit, int rounds, IReadOnlyList<(string Name, Func<Task<Sample>> Run)> variants)
    {
        var samples = variants.Select(_ => new List<Sample>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            var order = Enumerable.Range(0, variants.Count);
            foreach (var i in round % 2 == 0 ? order : order.Reverse())
            {
                samples[i].Add(await variants[i].Run());
            }

            Console.Error.WriteLine($"  round {round + 1}/{rounds}: " + string.Join(", ", variants.Select((v, i) => $"{v.Name} {samples[i][round].PerSecond:0}/s")));
        }

        Console.WriteLine();
        Console.WriteLine($"{title} ({rounds} rounds; medians, ratio = median of per-round ratios to {variants[0].Name})");
        Console.WriteLine();
        Console.WriteLine($"| variant | {unit}/s | throughput ratio (range) | client CPU µs/{unit} | CPU ratio | B/{unit} | alloc ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (var i = 0; i < variants.Count; i++)
        {
            var ratios = samples[i].Select((s, r) => s.PerSecond / samples[0][r].PerSecond).ToArray();
            var cpu = samples[i].Select((s, r) => s.CpuMicrosPerUnit / samples[0][r].CpuMicrosPerUnit).ToArray();
            var alloc = samples[i].Select((s, r) => s.BytesPerUnit / samples[0][r].BytesPerUnit).ToArray();
            Console.WriteLine(
                $"| {variants[i].Name} | {Median(samples[i].Select(s => s.PerSecond)):0} | {Median(ratios):0.00} ({Range(ratios, "0.00")}) | " +
                $"{Median(samples[i].Select(s => s.CpuMicrosPerUnit)):0.0} | {Median(cpu):0.00} | {Median(samples[i].Select(s => s.BytesPerUnit)):0} | {Median(alloc):0.00} |");
        }

        Console.WriteLine();
    }

    private static CoderClient Sdk(Uri baseUrl, bool resilience = true, Action<CoderClientOptions>? configure = null)
    {
        var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = CannedCoderServer.Token };
        options.Resilience.Enabled = resilience;
        configure?.Invoke(options);
        return new CoderClient(options);
    }

    private static HttpClient Raw(Uri baseUrl)
    {
        var raw = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        raw.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
        return raw;
    }

    private static Uri WebSocketUrl(Uri baseUrl, string path) =>
        new(new Uri(baseUrl.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), path);

    private static int Arg(string[] args, string name, int fallback) =>
        args.FirstOrDefault(a => a.StartsWith(name + "=", StringComparison.Ordinal)) is { } a ? int.Parse(a[(name.Length + 1)..], Inv) : fallback;

    // ---------------------------------------------------------------- concurrency

    /// <summary><c>-- concurrency [calls=N] [inflight=64] [rounds=5]</c>: GET one workspace, many in flight, and one at a time.</summary>
    public static async Task<int> ConcurrencyAsync(string[] args)
    {
        var calls = Arg(args, "calls", 6000);
        var inFlight = Arg(args, "inflight", 64);
        var rounds = Arg(args, "rounds", 5);
        using var server = ServerProcess.Start();
        using var raw = Raw(server.BaseUrl);
        using var sdk = Sdk(server.BaseUrl);
        using var bare = Sdk(server.BaseUrl, resilience: false);
        var id = ServeMode.Id(0);
        var path = $"api/v2/workspaces/{id}";

        async Task RawCall()
        {
            using var response = await raw.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            _ = await JsonSerializer.DeserializeAsync(stream, CoderJsonContext.Default.Workspace).ConfigureAwait(false);
        }

        Task SdkCall() => sdk.Workspaces.GetAsync(id);
        Task BareCall() => bare.Workspaces.GetAsync(id);

        Task<Sample> Run(Func<Task> call, int parallel) => MeasureAsync(calls, async () =>
        {
            var remaining = calls;
            var workers = new Task[parallel];
            for (var w = 0; w < parallel; w++)
            {
                workers[w] = Task.Run(async () =>
                {
                    while (Interlocked.Decrement(ref remaining) >= 0)
                    {
                        await call().ConfigureAwait(false);
                    }
                });
            }

            await Task.WhenAll(workers).ConfigureAwait(false);
        });

        foreach (var call in new[] { RawCall, SdkCall, BareCall })
        {
            await Run(call, inFlight);
            await Run(call, 1);
        }

        await ReportAsync($"GET one workspace, {inFlight} in flight, {calls} calls a run", "call", rounds,
        [
            ("raw HttpClient + STJ", () => Run(RawCall, inFlight)),
            ("SDK Workspaces.GetAsync", () => Run(SdkCall, inFlight)),
            ("SDK, Resilience.Enabled = false", () => Run(BareCall, inFlight)),
        ]);
        await ReportAsync($"GET one workspace, one at a time, {calls} calls a run", "call", rounds,
        [
            ("raw HttpClient + STJ", () => Run(RawCall, 1)),
            ("SDK Workspaces.GetAsync", () => Run(SdkCall, 1)),
            ("SDK, Resilience.Enabled = false", () => Run(BareCall, 1)),
        ]);
        return 0;
    }

    // ---------------------------------------------------------------- follow

    /// <summary><c>-- follow [lines=50000] [rounds=5]</c>: follow a build log to its end; then the slow-consumer check.</summary>
    public static async Task<int> FollowAsync(string[] args)
    {
        var lines = Arg(args, "lines", 50_000);
        var rounds = Arg(args, "rounds", 5);
        using var server = ServerProcess.Start();
        using var sdk = Sdk(server.BaseUrl);
        var build = ServeMode.Id(lines);
        var url = WebSocketUrl(server.BaseUrl, $"api/v2/workspacebuilds/{build}/logs?follow&after=0");

        async Task SdkFollow()
        {
            long expected = 1;
            await foreach (var line in sdk.Streams.FollowBuildLogsAsync(build).ConfigureAwait(false))
            {
                Check(line, ref expected);
            }

            Done(expected, lines);
        }

        async Task RawFollow()
        {
            long expected = 1;
            await foreach (var line in RawLinesAsync(url).ConfigureAwait(false))
            {
                Check(line, ref expected);
            }

            Done(expected, lines);
        }

        async Task RawChannelFollow()
        {
            long expected = 1;
            var channel = Channel.CreateBounded<ProvisionerJobLog>(new BoundedChannelOptions(1000) { SingleReader = true, SingleWriter = true });
            var producer = Task.Run(async () =>
            {
                await foreach (var line in RawLinesAsync(url).ConfigureAwait(false))
                {
                    await channel.Writer.WriteAsync(line).ConfigureAwait(false);
                }

                channel.Writer.Complete();
            });
            await foreach (var line in channel.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                Check(line, ref expected);
            }

            await producer.ConfigureAwait(false);
            Done(expected, lines);
        }

        await SdkFollow();
        await RawFollow();
        await RawChannelFollow();
        await ReportAsync($"Follow a build log of {lines:N0} lines", "line", rounds,
        [
            ("raw ClientWebSocket + STJ", () => MeasureAsync(lines, RawFollow)),
            ("SDK Streams.FollowBuildLogsAsync", () => MeasureAsync(lines, SdkFollow)),
            ("raw loop + bounded channel (diagnostic)", () => MeasureAsync(lines, RawChannelFollow)),
        ]);

        await SlowConsumerAsync(server.BaseUrl);
        return 0;
    }

    /// <summary>
    /// The server pings every 100 ms and cuts off a client that has not answered within 1 s; the consumer stops for
    /// 2.5 s after the first line. The log (900 lines) fits in the SDK's buffer (1,000 items by default), so the SDK
    /// keeps reading and answering pings meanwhile and finishes on its one connection with every line once; a raw
    /// loop that parses in the consumer does not answer while it is stopped.
    /// </summary>
    private static async Task SlowConsumerAsync(Uri baseUrl)
    {
        const int lines = 900;
        var reconnects = 0;
        using var sdk = Sdk(baseUrl, configure: o =>
        {
            o.Streaming.OnReconnecting = _ => Interlocked.Increment(ref reconnects);
            o.Streaming.ReconnectBaseDelay = TimeSpan.FromMilliseconds(50);
        });
        var build = ServeMode.Id(lines, flag: 1);
        long expected = 1;
        await foreach (var line in sdk.Streams.FollowBuildLogsAsync(build))
        {
            Check(line, ref expected);
            if (expected == 2)
            {
                Thread.Sleep(2500);
            }
        }

        Done(expected, lines);
        Console.WriteLine($"Slow consumer (2.5 s stop, server pings every 100 ms, 1 s pong timeout): SDK delivered {expected - 1} of {lines} lines exactly once, in order, with {reconnects} reconnects.");

        long rawLines = 0;
        string outcome;
        try
        {
            await foreach (var line in RawLinesAsync(WebSocketUrl(baseUrl, $"api/v2/workspacebuilds/{build}/logs?follow&after=0")))
            {
                if (++rawLines == 1)
                {
                    Thread.Sleep(2500);
                }
            }

            outcome = "finished";
        }
        catch (WebSocketException ex)
        {
            outcome = $"was cut off ({ex.WebSocketErrorCode})";
        }

        Console.WriteLine($"Slow consumer, raw loop parsing in the consumer: {outcome} after {rawLines} of {lines} lines.");
        Console.WriteLine();
    }

    private static void Check(ProvisionerJobLog line, ref long expected)
    {
        if (line.Id != expected)
        {
            throw new InvalidOperationException($"Line {line.Id} arrived where {expected} was expected.");
        }

        expected++;
    }

    private static void Done(long expected, long lines)
    {
        if (expected != lines + 1)
        {
            throw new InvalidOperationException($"The follow ended after {expected - 1} of {lines} lines.");
        }
    }

    /// <summary>The raw follow: one socket, one message buffer, each message parsed with the SDK's own metadata.</summary>
    private static async IAsyncEnumerable<ProvisionerJobLog> RawLinesAsync(Uri url)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Coder-Session-Token", CannedCoderServer.Token);
        await socket.ConnectAsync(url, CancellationToken.None).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                yield break;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                yield return JsonSerializer.Deserialize(buffer.WrittenSpan, CoderJsonContext.Default.ProvisionerJobLog)!;
                buffer.ResetWrittenCount();
            }
        }
    }

    // ---------------------------------------------------------------- watch

    /// <summary><c>-- watch [events=20000] [watches=500] [rounds=5]</c>: garbage per watch event, then heap per open watch.</summary>
    public static async Task<int> WatchAsync(string[] args)
    {
        var events = Arg(args, "events", 20_000);
        var watches = Arg(args, "watches", 500);
        var rounds = Arg(args, "rounds", 5);
        using var server = ServerProcess.Start();
        using var sdk = Sdk(server.BaseUrl);
        var many = ServeMode.Id(events);

        async Task SdkWatch(Guid id, int take)
        {
            var seen = 0;
            await foreach (var workspace in sdk.Streams.WatchWorkspaceAsync(id).ConfigureAwait(false))
            {
                if (++seen == take)
                {
                    return;
                }
            }
        }

        async Task RawWatch(Guid id, int take)
        {
            var seen = 0;
            await foreach (var workspace in RawWatchAsync(WebSocketUrl(server.BaseUrl, $"api/v2/workspaces/{id}/watch-ws"), CancellationToken.None).ConfigureAwait(false))
            {
                if (++seen == take)
                {
                    return;
                }
            }
        }

        await SdkWatch(many, events);
        await RawWatch(many, events);
        await ReportAsync($"Watch a workspace, {events:N0} data events of one workspace (about 5 KB) each", "event", rounds,
        [
            ("raw ClientWebSocket + STJ", () => MeasureAsync(events, () => RawWatch(many, events))),
            ("SDK Streams.WatchWorkspaceAsync", () => MeasureAsync(events, () => SdkWatch(many, events))),
        ]);

        // Heap per open watch: each watch has delivered its first workspace and waits for the next.
        var one = ServeMode.Id(1);
        Console.WriteLine($"Managed heap per open watch, {watches} watches open, each past its first event (bytes, GC.GetTotalMemory after full collections)");
        Console.WriteLine();
        Console.WriteLine("| round | raw | SDK | ratio |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        var ratios = new List<double>();
        for (var round = 0; round < Math.Max(3, rounds); round++)
        {
            var rawHeap = await HeapPerWatchAsync(watches, async (token, first) =>
            {
                await foreach (var workspace in RawWatchAsync(WebSocketUrl(server.BaseUrl, $"api/v2/workspaces/{one}/watch-ws"), token).ConfigureAwait(false))
                {
                    first.TrySetResult(true);
                }
            });
            var sdkHeap = await HeapPerWatchAsync(watches, async (token, first) =>
            {
                await foreach (var workspace in sdk.Streams.WatchWorkspaceAsync(one, token).ConfigureAwait(false))
                {
                    first.TrySetResult(true);
                }
            });
            ratios.Add(sdkHeap / rawHeap);
            Console.WriteLine($"| {round + 1} | {rawHeap:0} | {sdkHeap:0} | {sdkHeap / rawHeap:0.00} |");
        }

        Console.WriteLine($"| median | | | {Median(ratios):0.00} |");
        Console.WriteLine();
        return 0;
    }

    /// <summary><c>-- watch-hold sdk|raw [watches=500]</c>: opens the watches and holds them until standard input closes, for a heap dump (<c>dotnet-gcdump collect -p PID</c>).</summary>
    public static async Task<int> WatchHoldAsync(string side, string[] args)
    {
        var watches = Arg(args, "watches", 500);
        using var server = ServerProcess.Start();
        using var sdk = Sdk(server.BaseUrl);
        var one = ServeMode.Id(1);
        using var stop = new CancellationTokenSource();
        var firsts = Enumerable.Range(0, watches).Select(_ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var tasks = firsts.Select(first => Task.Run(async () =>
        {
            var items = side == "sdk" ? sdk.Streams.WatchWorkspaceAsync(one, stop.Token) : RawWatchAsync(WebSocketUrl(server.BaseUrl, $"api/v2/workspaces/{one}/watch-ws"), stop.Token);
            await foreach (var workspace in items.ConfigureAwait(false))
            {
                first.TrySetResult(true);
            }
        })).ToArray();
        await Task.WhenAll(firsts.Select(f => f.Task));
        Console.WriteLine($"{watches} {side} watches open in process {Environment.ProcessId}; close standard input to end");
        await Task.Run(() => Console.In.ReadToEnd());
        GC.KeepAlive(tasks);
        return 0;
    }

    private static async Task<double> HeapPerWatchAsync(int watches, Func<CancellationToken, TaskCompletionSource<bool>, Task> watch)
    {
        using var stop = new CancellationTokenSource();
        var before = Settle();
        var firsts = new TaskCompletionSource<bool>[watches];
        var tasks = new Task[watches];
        for (var i = 0; i < watches; i++)
        {
            var first = firsts[i] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            tasks[i] = Task.Run(() => watch(stop.Token, first));
        }

        await Task.WhenAll(firsts.Select(f => f.Task));
        var after = Settle();
        GC.KeepAlive(tasks);
        await stop.CancelAsync();
        foreach (var task in tasks)
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
            }
        }

        // The consumer keeps nothing: what is left is the watches' own state (sockets, buffers, tasks, timers).
        return (after - before) / (double)watches;
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>The raw watch: one socket, one message buffer, the envelope scanned with <see cref="Utf8JsonReader"/> and its data parsed with the SDK's own metadata.</summary>
    private static async IAsyncEnumerable<Workspace> RawWatchAsync(Uri url, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken token)
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Coder-Session-Token", CannedCoderServer.Token);
        await socket.ConnectAsync(url, token).ConfigureAwait(false);
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(4096), token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                yield break;
            }

            buffer.Advance(result.Count);
            if (!result.EndOfMessage)
            {
                continue;
            }

            var workspace = ParseRawEvent(buffer.WrittenSpan);
            buffer.ResetWrittenCount();
            if (workspace is not null)
            {
                yield return workspace;
            }
        }
    }

    private static Workspace? ParseRawEvent(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        reader.Read();
        var isData = false;
        ReadOnlySpan<byte> data = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                isData = reader.ValueTextEquals("data"u8);
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                data = frame[start..(int)reader.BytesConsumed];
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return isData ? JsonSerializer.Deserialize(data, CoderJsonContext.Default.Workspace) : null;
    }
}
