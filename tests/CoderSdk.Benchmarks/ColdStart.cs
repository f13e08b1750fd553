using System.Diagnostics;
using CoderSdk.Json;

namespace CoderSdk.Benchmarks;

/// <summary>
/// Cold start: the first call of a fresh process, JIT included, SDK against raw HttpClient + System.Text.Json. Run
/// each side in its own process several times (<c>-- cold sdk</c>, <c>-- cold raw</c>) and compare the medians; the
/// server is started before the clock does, so only the client's first call is timed.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(string side)
    {
        await using var server = await CannedCoderServer.StartAsync(1);
        var clock = Stopwatch.StartNew();
        if (side == "sdk")
        {
            using var client = new CoderClient(server.BaseUrl, CannedCoderServer.Token);
            _ = await client.Workspaces.GetAsync(server.WorkspaceId);
        }
        else
        {
            using var http = new HttpClient { BaseAddress = server.BaseUrl };
            http.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
            using var response = await http.GetAsync($"api/v2/workspaces/{server.WorkspaceId}", HttpCompletionOption.ResponseHeadersRead);
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            _ = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, CoderJsonContext.Default.Workspace);
        }

        Console.WriteLine($"{side} first call: {clock.Elapsed.TotalMilliseconds:0.0} ms");
        return 0;
    }
}
