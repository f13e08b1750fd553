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
using Microsoft.Extensions.Logging.Testing;

namespace CoderSdk.Tests.Infrastructure;

/// <summary>
/// The test suites' one loopback host: a <see cref="WebApplication"/> on Kestrel at 127.0.0.1, port 0, with every log
/// entry (Debug and up) collected and every request's method, raw target and headers recorded. Tests either map an app
/// of their own (the webhook receiver, ProblemDetails) or write every answer by hand, for responses the fake Coder
/// server would never send (proxy HTML pages, cut-off bodies, wrong statuses). Linked into each test project from
/// <c>tests/Shared</c>.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Method, string RawTarget, IHeaderDictionary Headers)> _requests = new();

    private LoopbackServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    /// <summary>The log entries the app wrote.</summary>
    public FakeLogCollector Logs => _app.Services.GetFakeLogCollector();

    public IReadOnlyList<(string Method, string RawTarget, IHeaderDictionary Headers)> Requests => [.. _requests];

    /// <summary>Starts an app with the given services and endpoints.</summary>
    public static async Task<LoopbackServer> StartAsync(Action<IServiceCollection> services, Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddFakeLogging();
        services(builder.Services);
        var app = builder.Build();
        var server = new LoopbackServer(app);
        app.Use(async (context, next) =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
            server._requests.Enqueue((context.Request.Method, raw, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            await next(context);
        });
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Starts a server whose every answer <paramref name="handler"/> writes.</summary>
    public static Task<LoopbackServer> StartAsync(RequestDelegate handler) => StartAsync(_ => { }, app => app.Run(handler));

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
