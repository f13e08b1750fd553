using BenchmarkDotNet.Running;
using CoderSdk.Benchmarks;

// In-process BenchmarkDotNet (server in the same process):
//   dotnet run -c Release --project tests/CoderSdk.Benchmarks -- --filter '*' --inProcess --memory
// Exact harness, server in a child process (this program re-launched with `serve`); see docs/benchmarks.md:
//   -- concurrency [calls=6000] [inflight=64] [rounds=5]
//   -- follow [lines=50000] [rounds=5]
//   -- watch [events=20000] [watches=500] [rounds=5]
//   -- watch-hold sdk|raw [watches=500]   (holds the watches open for dotnet-gcdump)
//   -- cold-median [runs=10]              (fresh processes, one first call each; `cold VARIANT URL` is one of them)
//   -- alloc [calls] [types] [only=raw|sdk|sdk-no-resilience|refit-floor]   (bytes per call, in-process server)
//   -- serve                              (the server alone; prints its URL, ends when standard input closes)
switch (args)
{
    case ["serve"]:
        return await ServeMode.RunAsync();
    case ["cold", var variant, var url]:
        return await ColdStart.RunAsync(variant, new Uri(url));
    case ["cold-median", .. var rest]:
        return await ColdStart.MedianAsync(rest);
    case ["concurrency", .. var rest]:
        return await ProcessBenchmarks.ConcurrencyAsync(rest);
    case ["follow", .. var rest]:
        return await ProcessBenchmarks.FollowAsync(rest);
    case ["watch-hold", var side, .. var rest]:
        return await ProcessBenchmarks.WatchHoldAsync(side, rest);
    case ["watch", .. var rest]:
        return await ProcessBenchmarks.WatchAsync(rest);
    case ["alloc", .. var rest]:
        return await AllocationProfile.RunAsync(rest is [var n, ..] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 20000, rest.Contains("types"), rest.FirstOrDefault(a => a.StartsWith("only=", StringComparison.Ordinal))?[5..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
