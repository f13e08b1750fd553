using System.Diagnostics;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Samples;

/// <summary>The built sample as a real process: how it ends when the system asks it to.</summary>
public sealed class SampleProcessTests
{
    // Generous bounds that only turn a hang into a failure; nothing here measures how fast the sample is.
    private static readonly TimeSpan StartGuard = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitGuard = TimeSpan.FromSeconds(30);

    [UnixFact]
    public async Task Watch_OnTheEmbeddedFakeServer_SigtermEndsItWith143()
    {
        // --max-updates keeps the watch open after the demo restart: without the signal it would never end.
        using var sample = SampleProcess.Start("watch", "admin/dev", "--max-updates", "1000000");
        await sample.WaitForOutputAsync(line => line.StartsWith("Watching admin/dev", StringComparison.Ordinal), StartGuard);

        sample.Signal("TERM");
        var exited = await sample.WaitForExitAsync(ExitGuard);

        Assert.True(exited, $"the sample still ran {ExitGuard.TotalSeconds:0} s after SIGTERM{Environment.NewLine}{sample.Transcript}");
        Assert.Equal(143, sample.ExitCode);
        Assert.Equal("terminated (SIGTERM)", sample.ErrorLines.Last());
    }

    /// <summary>The sample assembly next to the tests, run with the same dotnet host, with stdout and stderr captured by line.</summary>
    private sealed class SampleProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<string> _output = [];
        private readonly List<string> _error = [];
        private readonly List<(Func<string, bool> Match, TaskCompletionSource Seen)> _waiters = [];

        private SampleProcess(Process process) => _process = process;

        public int ExitCode => _process.ExitCode;

        public IReadOnlyList<string> ErrorLines
        {
            get
            {
                lock (_output)
                {
                    return [.. _error];
                }
            }
        }

        public string Transcript
        {
            get
            {
                lock (_output)
                {
                    return $"stdout:{Environment.NewLine}{string.Join(Environment.NewLine, _output)}{Environment.NewLine}stderr:{Environment.NewLine}{string.Join(Environment.NewLine, _error)}";
                }
            }
        }

        public static SampleProcess Start(params string[] args)
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CoderSdk.Samples.dll"));
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // The embedded fake server, whatever the machine running the tests has configured.
            start.Environment.Remove("CODER_URL");
            start.Environment.Remove("CODER_SESSION_TOKEN");
            var sample = new SampleProcess(new Process { StartInfo = start });
            sample._process.OutputDataReceived += (_, e) => sample.Add(sample._output, e.Data);
            sample._process.ErrorDataReceived += (_, e) => sample.Add(sample._error, e.Data);
            sample._process.Start();
            sample._process.BeginOutputReadLine();
            sample._process.BeginErrorReadLine();
            return sample;
        }

        public async Task WaitForOutputAsync(Func<string, bool> match, TimeSpan guard)
        {
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_output)
            {
                if (_output.Any(match))
                {
                    return;
                }

                _waiters.Add((match, seen));
            }

            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(seen.Task, exited, Task.Delay(guard));
            Assert.True(first == seen.Task, $"the sample did not print the expected line{Environment.NewLine}{Transcript}");
        }

        public void Signal(string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
        }

        public async Task<bool> WaitForExitAsync(TimeSpan guard)
        {
            var exited = _process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(guard)) != exited)
            {
                return false;
            }

            await exited; // also waits for the last redirected lines
            return true;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Add(List<string> lines, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                lines.Add(line);
                if (lines == _output)
                {
                    foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                    {
                        waiter.Seen.TrySetResult();
                        _waiters.Remove(waiter);
                    }
                }
            }
        }
    }
}
