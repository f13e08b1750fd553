using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/CoderSdk.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
