
namespace CoderSdk.Samples.Snippets;

/// <summary><c>list-workspaces [q]</c>: reads <c>GET /api/v2/workspaces</c>, optionally with a search string.</summary>
public static class ListWorkspaces
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var filter = context.Args.Length > 0 ? string.Join(' ', context.Args) : null;
        var page = await context.Client.Workspaces.ListAsync(filter, cancellationToken: context.CancellationToken);
        foreach (var workspace in page.Workspaces)
        {
            await context.Out.WriteLineAsync($"{workspace.OwnerName}/{workspace.Name}  {workspace.LatestBuild.Status}  {workspace.TemplateName}");
        }

        await context.Out.WriteLineAsync($"{page.Workspaces.Count} of {page.Count} workspaces");
        return 0;
    }
}
