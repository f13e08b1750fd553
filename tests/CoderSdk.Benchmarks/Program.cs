using BenchmarkDotNet.Running;
using CoderSdk.Benchmarks;

// dotnet run -c Release --project tests/CoderSdk.Benchmarks -- --filter '*' --inProcess --memory
// dotnet run -c Release --project tests/CoderSdk.Benchmarks -- cold sdk|raw   (one fresh process's first call)
if (args is ["cold", var side])
{
    return await ColdStart.RunAsync(side);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
