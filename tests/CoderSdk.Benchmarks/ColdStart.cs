using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using CoderSdk.Configuration;
using CoderSdk.Json;

namespace CoderSdk.Benchmarks;

/// <summary>
/// Cold start: a fresh process whose only work is one GET of a workspace against the <c>serve</c> child process, JIT
/// included. <c>-- cold VARIANT URL</c> is one such process; <c>-- cold-median [runs=10]</c> starts the server once,
/// then runs every variant <c>runs</c> times as fresh processes, interleaved, and prints medians: the whole process's
/// wall time as the parent sees it, the first call (client built and call made) as the child times it, the methods
/// the JIT compiled and the time it spent, and the peak working set. The variants split the SDK's cost: Refit's
/// generated client alone (<c>refit-floor</c>), the SDK without Polly (<c>sdk-no-resilience</c>), the whole SDK.
/// </summary>
internal static class ColdStart
{
    private static readonly string[] Variants = ["raw", "refit-floor", "sdk-no-resilience", "sdk"];

    public static async Task<int> RunAsync(string variant, Uri baseUrl)
    {
        var id = ServeMode.Id(0);
        var methods = JitInfo.GetCompiledMethodCount();
        var jit = JitInfo.GetCompilationTime();
        var clock = Stopwatch.StartNew();
        switch (variant)
        {
            case "sdk":
            case "sdk-no-resilience":
            {
                var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = CannedCoderServer.Token };
                options.Resilience.Enabled = variant == "sdk";
                using var client = new CoderClient(options);
                _ = await client.Workspaces.GetAsync(id);
                break;
            }

            case "refit-floor":
            {
                var api = RefitFloor.Create(baseUrl);
                _ = await api.GetAsync(id);
                RefitFloor.Dispose(api);
                break;
            }

            case "raw":
            {
                using var http = new HttpClient { BaseAddress = baseUrl };
                http.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
                using var response = await http.GetAsync($"api/v2/workspaces/{id}", HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync();
                _ = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, CoderJsonContext.Default.Workspace);
                break;
            }

            default:
                throw new ArgumentException($"Unknown variant {variant}; one of {string.Join(", ", Variants)}.");
        }

        var elapsed = clock.Elapsed.TotalMilliseconds;
        using var self = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variant} {elapsed:0.0} {JitInfo.GetCompiledMethodCount() - methods} {(JitInfo.GetCompilationTime() - jit).TotalMilliseconds:0.0} {self.PeakWorkingSet64}"));
        return 0;
    }

    public static Task<int> MedianAsync(string[] args)
    {
        var runs = args.FirstOrDefault(a => a.StartsWith("runs=", StringComparison.Ordinal)) is { } r ? int.Parse(r[5..], CultureInfo.InvariantCulture) : 10;
        using var server = ServerProcess.Start();
        var results = Variants.ToDictionary(v => v, _ => new List<double[]>());
        for (var run = 0; run < runs; run++)
        {
            foreach (var variant in run % 2 == 0 ? Variants : Variants.Reverse())
            {
                var clock = Stopwatch.StartNew();
                using var child = Process.Start(ServerProcess.SelfStart("cold", variant, server.BaseUrl.ToString()))!;
                var line = child.StandardOutput.ReadToEnd().Trim();
                child.WaitForExit();
                var wall = clock.Elapsed.TotalMilliseconds;
                var parts = line.Split(' ');
                if (child.ExitCode != 0 || parts.Length != 5 || parts[0] != variant)
                {
                    throw new InvalidOperationException($"The cold-start process for {variant} failed: {line}");
                }

                results[variant].Add([wall, .. parts[1..].Select(p => double.Parse(p, CultureInfo.InvariantCulture))]);
            }

            Console.Error.WriteLine($"  run {run + 1}/{runs}");
        }

        double Median(string variant, int column)
        {
            var sorted = results[variant].Select(x => x[column]).OrderBy(x => x).ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        Console.WriteLine($"Cold start, {runs} fresh processes per variant, interleaved (medians; ratio to raw)");
        Console.WriteLine();
        Console.WriteLine("| variant | process wall ms | ratio | first call ms | ratio | methods JIT-compiled | JIT ms | peak working set MiB |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var variant in Variants)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {variant} | {Median(variant, 0):0} | {Median(variant, 0) / Median("raw", 0):0.00} | {Median(variant, 1):0.0} | {Median(variant, 1) / Median("raw", 1):0.00} | {Median(variant, 2):0} | {Median(variant, 3):0.0} | {Median(variant, 4) / (1024 * 1024):0.0} |"));
        }

        return Task.FromResult(0);
    }
}
