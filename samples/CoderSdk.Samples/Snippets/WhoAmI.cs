
namespace CoderSdk.Samples.Snippets;

/// <summary><c>whoami</c>: reads <c>GET /api/v2/users/me</c>, then the server's version (learned from that answer's header).</summary>
public static class WhoAmI
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var me = await context.Client.Users.GetAsync("me", context.CancellationToken);
        await context.Out.WriteLineAsync($"{me.Username} ({me.Id})");
        var version = await context.Client.GetServerVersionAsync(context.CancellationToken);
        await context.Out.WriteLineAsync($"server: coderd {version?.ToString() ?? "(version is not a release number)"}");
        return 0;
    }
}
