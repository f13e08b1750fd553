using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Finds Node.js and makes sure the pinned Prism from <c>package-lock.json</c> is installed next to this project,
/// running <c>npm ci</c> when it is missing or another version is installed.
/// </summary>
internal static class NodeTools
{
    public const string PrismPackage = "@stoplight/prism-cli";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The directory holding the contract tests' <c>package.json</c>, found by walking up from the test assembly.</summary>
    public static string FindPackageDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var manifest = Path.Combine(dir.FullName, "package.json");
            if (File.Exists(manifest) && File.Exists(Path.Combine(dir.FullName, "package-lock.json")) &&
                File.ReadAllText(manifest).Contains(PrismPackage, StringComparison.Ordinal))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No package.json pinning {PrismPackage} (with its package-lock.json) was found above {AppContext.BaseDirectory}; " +
            "the contract tests expect tests/CoderSdk.ContractTests/package.json.");
    }

    /// <summary>Returns the path of Prism's CLI script, installing the locked version first if needed.</summary>
    public static async Task<(string CliScript, string Version)> EnsurePrismAsync(string packageDirectory, CancellationToken cancellationToken)
    {
        var nodeVersion = await RunAsync("node", ["--version"], packageDirectory, TimeSpan.FromSeconds(30), cancellationToken);
        if (nodeVersion is null)
        {
            throw new InvalidOperationException(NotFoundMessage("node"));
        }

        var locked = LockedPrismVersion(packageDirectory);
        var installed = InstalledPrism(packageDirectory);
        if (installed?.Version != locked)
        {
            // --ignore-scripts: Prism needs no install scripts, and one dependency's script only reports telemetry.
            var result = await RunAsync(NpmExecutable, ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], packageDirectory, InstallTimeout, cancellationToken);
            if (result is null)
            {
                throw new InvalidOperationException(NotFoundMessage("npm"));
            }

            if (result.Value.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'npm ci' in {packageDirectory} failed with exit code {result.Value.ExitCode} (Node {nodeVersion.Value.Output.Trim()}). Last output:{Environment.NewLine}{result.Value.Output}");
            }

            installed = InstalledPrism(packageDirectory);
            if (installed?.Version != locked)
            {
                throw new InvalidOperationException($"'npm ci' in {packageDirectory} finished but {PrismPackage} {locked} is still not installed.");
            }
        }

        return (installed!.Value.CliScript, installed.Value.Version);
    }

    private static string NpmExecutable => OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    private static string NotFoundMessage(string tool) =>
        $"The contract tests run the SDK against Prism ({PrismPackage}), which needs Node.js and npm, but '{tool}' was not found on PATH. " +
        "Install Node.js 20 or later with npm; the tests then install Prism themselves with 'npm ci'. They fail rather than skip so that CI cannot pass without them.";

    private static string LockedPrismVersion(string packageDirectory)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(packageDirectory, "package-lock.json")));
        return doc.RootElement.GetProperty("packages").GetProperty("node_modules/" + PrismPackage).GetProperty("version").GetString()!;
    }

    private static (string Version, string CliScript)? InstalledPrism(string packageDirectory)
    {
        var packageRoot = Path.Combine(packageDirectory, "node_modules", "@stoplight", "prism-cli");
        var manifest = Path.Combine(packageRoot, "package.json");
        if (!File.Exists(manifest))
        {
            return null;
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(manifest));
        var version = doc.RootElement.GetProperty("version").GetString()!;
        var bin = doc.RootElement.GetProperty("bin").GetProperty("prism").GetString()!;
        var script = Path.GetFullPath(Path.Combine(packageRoot, bin));
        return File.Exists(script) ? (version, script) : null;
    }

    /// <summary>Runs a tool to completion; null when the executable does not exist.</summary>
    private static async Task<(int ExitCode, string Output)?> RunAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SCARF_ANALYTICS"] = "false";
        var tail = new OutputTail();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => tail.Add(e.Data);
        process.ErrorDataReceived += (_, e) => tail.Add(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception)
        {
            return null;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout}. Last output:{Environment.NewLine}{tail}");
        }

        return (process.ExitCode, tail.ToString());
    }
}
