using System.Globalization;
using CoderSdk.Workflows;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>watch &lt;owner/name&gt; [--max-updates N]</c>: prints each status change of a workspace as it happens, until
/// Ctrl+C or N changes. On the embedded fake server it restarts the workspace in the background so there is
/// something to see, and (without --max-updates) stops once the restart has finished.
/// </summary>
public static class Watch
{
    private const string Usage = "watch <owner/name> [--max-updates N]";

    public static async Task<int> RunAsync(SnippetContext context)
    {
        var (target, maxUpdates) = ParseArguments(context.Args, context.FakeServer is null ? null : "admin/dev");
        var slash = target.IndexOf('/', StringComparison.Ordinal);

        var client = context.Client;
        var workspace = await client.Workspaces.GetByOwnerAndNameAsync(target[..slash], target[(slash + 1)..], cancellationToken: context.CancellationToken);
        // On the fake server without --max-updates: stop once the background restart's start build has succeeded.
        var lastBuild = context.FakeServer is not null && maxUpdates is null ? workspace.LatestBuild.BuildNumber + 2 : long.MaxValue;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var driver = Task.CompletedTask;

        await context.Out.WriteLineAsync($"Watching {target} (Ctrl+C to stop):");
        var updates = 0;
        string? last = null;
        await foreach (var snapshot in client.Streams.WatchWorkspaceAsync(workspace.Id, stop.Token))
        {
            var build = snapshot.LatestBuild;
            var status = $"{build.Status} (build #{build.BuildNumber} {build.Transition}, job {build.Job.Status})";
            if (status == last)
            {
                continue; // a snapshot without a status change (an agent connected, a new template version, ...)
            }

            last = status;
            await context.Out.WriteLineAsync($"{DateTimeOffset.Now:HH:mm:ss} {target}: {status}");
            if (updates == 0 && context.FakeServer is not null)
            {
                driver = RestartInBackgroundAsync(client, workspace.Id, stop.Token);
            }

            if (++updates >= (maxUpdates ?? int.MaxValue) || (build.BuildNumber >= lastBuild && build.Job.Status == Models.ProvisionerJobStatus.Succeeded))
            {
                break;
            }
        }

        await stop.CancelAsync();
        await driver;
        return 0;
    }

    /// <summary>Reads <c>&lt;owner/name&gt; [--max-updates N]</c>, in any order; anything else is a <see cref="SampleUsageException"/>.</summary>
    private static (string Target, int? MaxUpdates) ParseArguments(string[] args, string? defaultTarget)
    {
        string? target = null;
        int? maxUpdates = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--max-updates")
            {
                var value = i + 1 < args.Length ? args[++i] : null;
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    throw new SampleUsageException($"--max-updates needs a positive whole number, not {(value is null ? "nothing" : $"'{value}'")}", Usage);
                }

                maxUpdates = n;
            }
            else if (args[i].StartsWith('-'))
            {
                throw new SampleUsageException($"unknown option '{args[i]}'", Usage);
            }
            else if (target is null)
            {
                target = args[i];
            }
            else
            {
                throw new SampleUsageException($"one workspace at a time; '{args[i]}' is one too many", Usage);
            }
        }

        target ??= defaultTarget;
        var slash = target?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (target is null || slash <= 0 || slash == target.Length - 1)
        {
            throw new SampleUsageException(target is null ? "which workspace?" : $"'{target}' is not <owner/name>", Usage);
        }

        return (target, maxUpdates);
    }

    // Gives the watch something to show on the fake server: a restart (stop, wait, start, wait).
    private static async Task RestartInBackgroundAsync(ICoderClient client, Guid workspace, CancellationToken cancellationToken)
    {
        try
        {
            var start = await client.RestartWorkspaceAsync(workspace, cancellationToken: cancellationToken);
            await client.WaitForBuildAsync(start.Id, cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
