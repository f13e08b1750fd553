using CoderSdk.Errors;
using CoderSdk.Terminal;
using CoderSdk.Workflows;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>exec &lt;owner/workspace&gt; -- &lt;command&gt;</c>: runs a command in a workspace over coderd's terminal
/// WebSocket, prints its output and exits with its exit status. On the embedded fake server, without arguments, it
/// runs <c>echo</c> in the seeded workspace <c>admin/dev</c> (starting it first when it has no agent).
/// </summary>
public static class Exec
{
    private const string Usage = "exec <owner/workspace> -- <command>";

    public static async Task<int> RunAsync(SnippetContext context)
    {
        var (target, command) = ParseArguments(context.Args, context.FakeServer is not null);
        var client = context.Client;
        var cancel = context.CancellationToken;
        if (context.FakeServer is not null)
        {
            await EnsureAgentAsync(client, target, cancel);
        }

        try
        {
            var result = await client.RunCommandAsync(target, command, new CoderCommandOptions { Timeout = TimeSpan.FromMinutes(5) }, cancel);
            await context.Out.WriteAsync(result.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
            return result.ExitCode;
        }
        catch (CoderCommandException failed)
        {
            await context.Out.WriteAsync(failed.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
            await context.Out.WriteLineAsync($"exec: {failed.Message}");
            return 255;
        }
    }

    /// <summary>A stopped workspace has no agent: start it and wait for its agent, as <c>coder ssh</c> would ask you to.</summary>
    private static async Task EnsureAgentAsync(ICoderClient client, string target, CancellationToken cancel)
    {
        try
        {
            await client.GetWorkspaceAgentAsync(target, cancellationToken: cancel);
        }
        catch (InvalidOperationException)
        {
            var slash = target.IndexOf('/', StringComparison.Ordinal);
            var workspace = await client.Workspaces.GetByOwnerAndNameAsync(target[..slash], target[(slash + 1)..], cancellationToken: cancel);
            var build = await client.StartWorkspaceAsync(workspace.Id, cancellationToken: cancel);
            await client.WaitForBuildAsync(build.Id, cancellationToken: cancel);
            await client.WaitForAgentsReadyAsync(workspace.Id, cancel);
        }
    }

    /// <summary>Reads <c>&lt;owner/workspace&gt; -- &lt;command words&gt;</c>; on the fake server both may be left out.</summary>
    private static (string Target, string Command) ParseArguments(string[] args, bool onFake)
    {
        if (args.Length == 0 && onFake)
        {
            return ("admin/dev", "echo hello from the fake agent");
        }

        if (args.Length < 3 || args[1] != "--" || !args[0].Contains('/', StringComparison.Ordinal))
        {
            throw new SampleUsageException("exec needs a workspace as owner/name, then --, then the command", Usage);
        }

        return (args[0], string.Join(' ', args[2..]));
    }
}
