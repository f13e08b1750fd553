using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Testing;

/// <summary>
/// A second, bare listener on another loopback port that records everything it receives and answers every request the
/// same way: the "other origin" for redirect tests, and a TLS endpoint (with optional client certificates) for TLS tests.
/// </summary>
public sealed class FakeRecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeRecordedExchange> _requests = new();

    private FakeRecordingServer(WebApplication app) => _app = app;

    /// <summary>The server's root address, e.g. <c>http://127.0.0.1:41299/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Everything received, in arrival order.</summary>
    public IReadOnlyList<FakeRecordedExchange> Requests => [.. _requests];

    /// <summary>Starts a recording server on a free loopback port.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<FakeRecordingServer> StartAsync(FakeRecordingServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeRecordingServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (options.Certificate is { } certificate)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateMode = options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        var server = new FakeRecordingServer(app);
        app.UseWebSockets();
        app.Run(async context =>
        {
            var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var isWebSocket = context.WebSockets.IsWebSocketRequest;
            server._requests.Enqueue(new FakeRecordedExchange(context.Request.Method, raw, headers, context.Connection.LocalPort,
                context.Connection.ClientCertificate?.Subject, isWebSocket));
            if (isWebSocket)
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = options.StatusCode;
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(options.Body, context.RequestAborted).ConfigureAwait(false);
        });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(bound.EndsWith('/') ? bound : bound + "/");
        return server;
    }

    /// <summary>Stops the server.</summary>
    /// <returns>A task that completes when it has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
