using System.Globalization;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>watch &lt;owner/name&gt; [--max-updates N]</c>: prints each status change of a workspace as it happens, until
/// Ctrl+C or N changes. On the embedded fake server it restarts the workspace in the background so there is
/// something to see, and (without --max-updates) stops once the restart has finished.
/// </summary>
public static class Watch
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var target = context.Args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? (context.FakeServer is null ? null : "admin/dev");
        var slash = target?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        if (target is null || slash <= 0 || slash == target.Length - 1)
        {
            await context.Out.WriteLineAsync("usage: watch <owner/name> [--max-updates N]");
            return 64;
        }

        var maxIndex = Array.IndexOf(context.Args, "--max-updates");
        var maxUpdates = maxIndex >= 0 && maxIndex + 1 < context.Args.Length
            ? int.Parse(context.Args[maxIndex + 1], CultureInfo.InvariantCulture)
            : int.MaxValue;

        var client = context.Client;
        var workspace = await client.Workspaces.GetByOwnerAndNameAsync(target[..slash], target[(slash + 1)..], cancellationToken: context.CancellationToken);
        // On the fake server without --max-updates: stop once the background restart's start build has succeeded.
        var lastBuild = context.FakeServer is not null && maxIndex < 0 ? workspace.LatestBuild.BuildNumber + 2 : long.MaxValue;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var driver = Task.CompletedTask;

        await context.Out.WriteLineAsync($"Watching {target} (Ctrl+C to stop):");
        var updates = 0;
        string? last = null;
        await foreach (var snapshot in client.Workspaces.WatchAsync(workspace.Id, stop.Token))
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

            if (++updates >= maxUpdates || (build.BuildNumber >= lastBuild && build.Job.Status == Models.ProvisionerJobStatus.Succeeded))
            {
                break;
            }
        }

        await stop.CancelAsync();
        await driver;
        return 0;
    }

    // Gives the watch something to show on the fake server: a restart (stop, wait, start, wait).
    private static async Task RestartInBackgroundAsync(ICoderClient client, Guid workspace, CancellationToken cancellationToken)
    {
        try
        {
            var start = await client.Workspaces.RestartAsync(workspace, cancellationToken: cancellationToken);
            await client.Builds.WaitForBuildAsync(start.Id, cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
