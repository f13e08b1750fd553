namespace CoderSdk.Samples.Snippets;

/// <summary><c>whoami</c>: reads <c>GET /api/v2/users/me</c>.</summary>
public static class WhoAmI
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var me = await context.Client.Users.GetAsync("me", context.CancellationToken);
        await context.Out.WriteLineAsync($"{me.Username} ({me.Id})");
        return 0;
    }
}
