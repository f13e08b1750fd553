using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Tests.Infrastructure;

/// <summary>
/// A bare Kestrel server on 127.0.0.1 whose every answer is written by the test, for responses the fake Coder
/// server would never send (proxy HTML pages, cut-off bodies, wrong statuses).
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string RawTarget, IHeaderDictionary Headers)> _requests = new();

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<(string Method, string RawTarget, IHeaderDictionary Headers)> Requests => [.. _requests];

    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            server._requests.Enqueue((context.Request.Method, raw, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            await handler(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address + "/");
        return server;
    }

    /// <summary>Answers every request with one fixed response.</summary>
    public static Task<LoopbackServer> RespondingAsync(int status, string contentType, string body) =>
        StartAsync(async context =>
        {
            context.Response.StatusCode = status;
            if (contentType.Length > 0)
            {
                context.Response.ContentType = contentType;
            }

            await context.Response.WriteAsync(body);
        });

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
