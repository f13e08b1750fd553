using System.Net;
using System.Text.Json.Nodes;
using CoderSdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Benchmarks;

/// <summary>
/// Serves coderd-shaped JSON captured once from the fake server, as fixed bytes, so a benchmark measures the client
/// and not the server's JSON building.
/// </summary>
internal sealed class CannedCoderServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CannedCoderServer(WebApplication app, Uri baseUrl, Guid workspaceId)
    {
        _app = app;
        BaseUrl = baseUrl;
        WorkspaceId = workspaceId;
    }

    public Uri BaseUrl { get; }

    public Guid WorkspaceId { get; }

    public const string Token = "bench00001-BenchmarkTokenNotSecret";

    public static async Task<CannedCoderServer> StartAsync(int workspaces)
    {
        // Capture real fake-server payloads: one workspace, and a page of many.
        byte[] one, page;
        Guid id;
        await using (var fake = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false }))
        {
            var template = fake.State.Templates[0];
            for (var i = 0; i < workspaces; i++)
            {
                var (_, build) = fake.State.CreateWorkspace(fake.State.Admin, template, $"bench-{i}");
                fake.State.AdvanceJob(build.JobId);
                fake.State.AdvanceJob(build.JobId);
            }

            using var http = new HttpClient { BaseAddress = fake.BaseUrl };
            http.DefaultRequestHeaders.Add("Coder-Session-Token", fake.AdminSessionToken);
            page = await http.GetByteArrayAsync($"/api/v2/workspaces?limit={workspaces}");
            id = Guid.Parse(JsonNode.Parse(page)!["workspaces"]![0]!["id"]!.GetValue<string>());
            one = await http.GetByteArrayAsync($"/api/v2/workspaces/{id}");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            var body = context.Request.Path.Value == "/api/v2/workspaces" ? page : one;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CannedCoderServer(app, new Uri(address + "/"), id);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
