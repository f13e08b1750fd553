using CoderSdk.Samples;

// CoderSdk samples: `dotnet run --project samples/CoderSdk.Samples -- <snippet> [args]`.
// With CODER_URL and CODER_SESSION_TOKEN set they talk to that deployment; otherwise to an embedded fake server.
// Ctrl+C and SIGTERM cancel the run; it unwinds (disposing the embedded fake server) and exits with 130 or 143.
using var stop = SampleStop.OnProcessSignals();
return await SampleRunner.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, stop);
