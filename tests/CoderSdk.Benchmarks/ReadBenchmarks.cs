using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk.Benchmarks;

/// <summary>
/// The SDK's typed calls against the same request made by hand with HttpClient + System.Text.Json (the baseline),
/// over loopback HTTP in the same run. Ratio near 1.0 means the SDK's pipeline (token handler, request building,
/// status check, buffered source-generated read) costs next to nothing over the raw call.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ReadBenchmarks
{
    private CannedCoderServer _server = null!;
    private HttpClient _raw = null!;
    private CoderClient _sdk = null!;
    private CoderClient _sdkWithoutResilience = null!;
    private IWorkspacesApi _plainRefit = null!;
    private IWorkspacesApi _refitFloor = null!;

    [Params(100)]
    public int Workspaces { get; set; }

    // Synchronous on purpose: the in-process toolchain does not await asynchronous setup methods.
    [GlobalSetup]
    public void Setup() => SetupAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => CleanupAsync().GetAwaiter().GetResult();

    private async Task SetupAsync()
    {
        _server = await CannedCoderServer.StartAsync(Workspaces);
        _raw = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _server.BaseUrl };
        _raw.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
        _sdk = new CoderClient(_server.BaseUrl, CannedCoderServer.Token);
        var bare = new CoderClientOptions { BaseUrl = _server.BaseUrl, SessionToken = CannedCoderServer.Token };
        bare.Resilience.Enabled = false;
        _sdkWithoutResilience = new CoderClient(bare);

        // Refit with its own defaults (System.Text.Json serializer over the same source-generated models), no SDK handlers.
        var plain = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = _server.BaseUrl };
        plain.DefaultRequestHeaders.Add("Coder-Session-Token", CannedCoderServer.Token);
        _plainRefit = Refit.RestService.ForGenerated<IWorkspacesApi>(plain, new Refit.RefitSettings(new Refit.SystemTextJsonContentSerializer(CoderJsonContext.Default.Options)));
        _refitFloor = RefitFloor.Create(_server.BaseUrl);

        // The server's code is shared by every benchmark: make it hot here, so the first benchmark in the run (the
        // baseline) does not pay for the server's JIT tiering during its own iterations.
        for (var i = 0; i < 300; i++)
        {
            await RawHttpClient_GetWorkspace();
            await Sdk_GetWorkspace();
            await RawHttpClient_ListWorkspaces();
            await Sdk_ListWorkspaces();
        }
    }

    private async Task CleanupAsync()
    {
        _sdk.Dispose();
        _sdkWithoutResilience.Dispose();
        _raw.Dispose();
        RefitFloor.Dispose(_refitFloor);
        await _server.DisposeAsync();
    }

    [BenchmarkCategory("GetWorkspace"), Benchmark(Baseline = true)]
    public Task<Workspace?> RawHttpClient_GetWorkspace() => RawAsync($"api/v2/workspaces/{_server.WorkspaceId}", CoderJsonContext.Default.Workspace);

    [BenchmarkCategory("GetWorkspace"), Benchmark]
    public Task<Workspace> Sdk_GetWorkspace() => _sdk.Workspaces.GetAsync(_server.WorkspaceId);

    [BenchmarkCategory("GetWorkspace"), Benchmark]
    public Task<Workspace> SdkWithoutResilience_GetWorkspace() => _sdkWithoutResilience.Workspaces.GetAsync(_server.WorkspaceId);

    [BenchmarkCategory("GetWorkspace"), Benchmark]
    public Task<Workspace> PlainRefit_GetWorkspace() => _plainRefit.GetAsync(_server.WorkspaceId);

    [BenchmarkCategory("GetWorkspace"), Benchmark]
    public Task<Workspace> RefitFloor_GetWorkspace() => _refitFloor.GetAsync(_server.WorkspaceId);

    [BenchmarkCategory("ListWorkspaces"), Benchmark(Baseline = true)]
    public Task<WorkspacesResponse?> RawHttpClient_ListWorkspaces() =>
        RawAsync($"api/v2/workspaces?q=owner%3Ame&limit={Workspaces}", CoderJsonContext.Default.WorkspacesResponse);

    [BenchmarkCategory("ListWorkspaces"), Benchmark]
    public Task<WorkspacesResponse> PlainRefit_ListWorkspaces() => _plainRefit.ListAsync("owner:me", limit: Workspaces);

    [BenchmarkCategory("ListWorkspaces"), Benchmark]
    public Task<WorkspacesResponse> RefitFloor_ListWorkspaces() => _refitFloor.ListAsync("owner:me", limit: Workspaces);

    [BenchmarkCategory("ListWorkspaces"), Benchmark]
    public Task<WorkspacesResponse> Sdk_ListWorkspaces() => _sdk.Workspaces.ListAsync("owner:me", limit: Workspaces);

    /// <summary>The baseline: headers first, then System.Text.Json source-generated deserialization straight from the stream.</summary>
    private async Task<T?> RawAsync<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        using var response = await _raw.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return await System.Text.Json.JsonSerializer.DeserializeAsync(stream, typeInfo).ConfigureAwait(false);
    }

    /// <summary>The same call with the resilience pipeline turned off: isolates what the pipeline (and its buffering) costs.</summary>
    [BenchmarkCategory("ListWorkspaces"), Benchmark]
    public Task<WorkspacesResponse> SdkWithoutResilience_ListWorkspaces() => _sdkWithoutResilience.Workspaces.ListAsync("owner:me", limit: Workspaces);
}
