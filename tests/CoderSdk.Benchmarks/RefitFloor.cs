using System.Runtime.CompilerServices;
using CoderSdk.Apis;
using CoderSdk.Pipeline;

namespace CoderSdk.Benchmarks;

/// <summary>
/// The least a Refit call can cost with the SDK's models: Refit's generated client with the SDK's settings (its
/// serializer parses the pooled body in place) over only the step that reads the body into pooled memory; no token,
/// no resilience, no logging, no redirects, no decompression. The SDK's own cost is what it adds above this.
/// </summary>
internal static class RefitFloor
{
    private static readonly ConditionalWeakTable<IWorkspacesApi, HttpClient> Clients = new();

    public static IWorkspacesApi Create(Uri baseUrl)
    {
        var handler = new CoderPipelineHandler([new CoderOperationStep()])
        {
            InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false },
        };
        var http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
        var api = Refit.RestService.ForGenerated<IWorkspacesApi>(http, CoderRefit.CreateSettings());
        Clients.Add(api, http);
        return api;
    }

    public static void Dispose(IWorkspacesApi api)
    {
        if (Clients.TryGetValue(api, out var http))
        {
            http.Dispose();
        }
    }
}
