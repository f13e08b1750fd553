using BenchmarkDotNet.Running;
using CoderSdk.Benchmarks;

// dotnet run -c Release --project tests/CoderSdk.Benchmarks -- --filter '*' --inProcess --memory
// dotnet run -c Release --project tests/CoderSdk.Benchmarks -- cold sdk|raw   (one fresh process's first call)
// dotnet run -c Release --project tests/CoderSdk.Benchmarks -- alloc [calls] [types] [only=raw|sdk|sdk-no-resilience|refit-floor]   (bytes per call, sampled by type)
if (args is ["cold", var side])
{
    return await ColdStart.RunAsync(side);
}

if (args is ["alloc", .. var rest])
{
    return await AllocationProfile.RunAsync(rest is [var n, ..] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 20000, rest.Contains("types"), rest.FirstOrDefault(a => a.StartsWith("only=", StringComparison.Ordinal))?[5..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
