
namespace CoderSdk.Samples.Snippets;

/// <summary>The default when no snippet is named: build info, then each read-only snippet in turn.</summary>
public static class Tour
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var info = await context.Client.General.GetBuildInfoAsync(context.CancellationToken);
        await context.Out.WriteLineAsync($"Coder {info.Version} at {info.ExternalUrl}");
        await context.Out.WriteLineAsync("== whoami");
        var code = await WhoAmI.RunAsync(context);
        if (code != 0)
        {
            return code;
        }

        await context.Out.WriteLineAsync("== list-workspaces");
        return await ListWorkspaces.RunAsync(context with { Args = [] });
    }
}
