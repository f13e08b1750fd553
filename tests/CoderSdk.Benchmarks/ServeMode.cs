using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using CoderSdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Benchmarks;

/// <summary>
/// <c>-- serve</c>: a coderd-shaped server for the process-separated benchmarks, so the client's figures are the
/// client's. It prints <c>listening URL WORKSPACE BUILD</c> on its first line and serves until its standard input closes:
/// <list type="bullet">
/// <item><c>GET /api/v2/workspaces/{id}</c>: one workspace captured from the fake server (about 5 KB).</item>
/// <item><c>GET /api/v2/workspacebuilds/{id}</c>: a succeeded build; <c>.../logs?follow</c> a WebSocket of
/// <c>ProvisionerJobLog</c> frames, one per message, from <c>after+1</c> to N, then close 1000; plain
/// <c>.../logs</c> an empty list (the follow's last read).</item>
/// <item><c>GET /api/v2/workspaces/{id}/watch-ws</c>: a ping event, then N <c>data</c> events carrying the workspace,
/// then the socket stays open until the client closes it.</item>
/// </list>
/// N is the last 12 hex digits of the id in the path (<see cref="Id"/>), so each run chooses its own sizes through the
/// SDK's real routes. A build id whose first group is 1 also turns on WebSocket keep-alive pings every 100 ms with a
/// 1 s pong timeout: a client that stops answering is cut off.
/// </summary>
internal static class ServeMode
{
    /// <summary>An id that carries a count (and a flag) for the server.</summary>
    public static Guid Id(long count, int flag = 0) =>
        Guid.Parse($"{flag:x8}-0000-4000-8000-{count:x12}", CultureInfo.InvariantCulture);

    private static long CountOf(string id) => long.Parse(id.AsSpan(id.Length - 12), NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    public static async Task<int> RunAsync()
    {
        byte[] workspace, build;
        await using (var fake = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { AutoAdvanceJobs = false }))
        {
            var (_, fakeBuild) = fake.State.CreateWorkspace(fake.State.Admin, fake.State.Templates[0], "bench");
            fake.State.AdvanceJob(fakeBuild.JobId);
            fake.State.AdvanceJob(fakeBuild.JobId);
            using var http = new HttpClient { BaseAddress = fake.BaseUrl };
            http.DefaultRequestHeaders.Add("Coder-Session-Token", fake.AdminSessionToken);
            workspace = await http.GetByteArrayAsync($"/api/v2/workspaces/{fakeBuild.WorkspaceId}");
            var buildNode = JsonNode.Parse(await http.GetByteArrayAsync($"/api/v2/workspacebuilds/{fakeBuild.Id}"))!;
            if (buildNode["job"]!["status"]!.GetValue<string>() != "succeeded")
            {
                throw new InvalidOperationException("The captured build has not succeeded.");
            }

            build = Encoding.UTF8.GetBytes(buildNode.ToJsonString());
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapGet("/api/v2/workspaces/{id}", (HttpContext c) => WriteAsync(c, workspace));
        app.MapGet("/api/v2/workspacebuilds/{id}", (HttpContext c) => WriteAsync(c, build));
        app.MapGet("/api/v2/workspacebuilds/{id}/logs", (HttpContext c, string id) =>
            c.WebSockets.IsWebSocketRequest ? FollowAsync(c, id) : WriteAsync(c, Encoding.UTF8.GetBytes("[" + string.Join(",", Lines(id, After(c))) + "]")));
        app.MapGet("/api/v2/workspaces/{id}/watch-ws", (HttpContext c, string id) => WatchAsync(c, id, workspace));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"listening {address}/");
        Console.Out.Flush();

        // The parent ends the server by closing our standard input (or by killing the process).
        await Task.Run(() => Console.In.ReadToEnd());
        await app.StopAsync();
        return 0;
    }

    private static async Task WriteAsync(HttpContext c, byte[] body)
    {
        c.Response.ContentType = "application/json; charset=utf-8";
        c.Response.ContentLength = body.Length;
        await c.Response.Body.WriteAsync(body);
    }

    private static async Task FollowAsync(HttpContext c, string id)
    {
        var after = After(c);
        var accept = new WebSocketAcceptContext();
        if (id.StartsWith("00000001", StringComparison.Ordinal))
        {
            accept.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            accept.KeepAliveTimeout = TimeSpan.FromSeconds(1);
        }

        using var socket = await c.WebSockets.AcceptWebSocketAsync(accept);
        var reader = DrainAsync(socket);
        var buffer = new byte[512];
        try
        {
            foreach (var line in Lines(id, after))
            {
                var length = Encoding.UTF8.GetBytes(line, buffer);
                await socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Text, true, c.RequestAborted);
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", c.RequestAborted);
            await reader.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
        {
            // The client went away (or was cut off for not answering pings).
        }
    }

    private static long After(HttpContext c) => long.TryParse(c.Request.Query["after"], CultureInfo.InvariantCulture, out var a) ? a : 0;

    /// <summary>The job's log lines after <paramref name="after"/>: the follow sends them one per message, the plain read as a list (the job has finished).</summary>
    private static IEnumerable<string> Lines(string id, long after)
    {
        var created = DateTimeOffset.UnixEpoch.AddYears(56).ToString("O", CultureInfo.InvariantCulture);
        for (var i = after + 1; i <= CountOf(id); i++)
        {
            yield return $"{{\"id\":{i},\"created_at\":\"{created}\",\"log_source\":\"provisioner\",\"log_level\":\"info\",\"stage\":\"Applying\",\"output\":\"module.workspace.docker_container.dev[0]: Still creating... [{i % 600}s elapsed]\"}}";
        }
    }

    private static async Task WatchAsync(HttpContext c, string id, byte[] workspace)
    {
        var events = CountOf(id);
        using var socket = await c.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext());
        var reader = DrainAsync(socket);
        var frame = Encoding.UTF8.GetBytes($"{{\"type\":\"data\",\"data\":{Encoding.UTF8.GetString(workspace)}}}");
        try
        {
            await socket.SendAsync("{\"type\":\"ping\"}"u8.ToArray(), WebSocketMessageType.Text, true, c.RequestAborted);
            for (var i = 0; i < events; i++)
            {
                await socket.SendAsync(frame, WebSocketMessageType.Text, true, c.RequestAborted);
            }

            await reader;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>Reads what the client sends (nothing but control frames) so pongs and the close handshake are processed.</summary>
    private static async Task DrainAsync(WebSocket socket)
    {
        var buffer = new byte[256];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    }

                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}

/// <summary>The <c>serve</c> child process, seen from the client side: started, its URL read from its first line, ended on dispose.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static ServerProcess Start()
    {
        var process = Process.Start(SelfStart("serve"))!;
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The server process ended before it listened.");
        if (!line.StartsWith("listening ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unexpected first line from the server process: {line}");
        }

        return new ServerProcess(process, new Uri(line["listening ".Length..]));
    }

    /// <summary>This benchmark program again, with <paramref name="args"/>, whether it was started by its apphost or by <c>dotnet</c>.</summary>
    public static ProcessStartInfo SelfStart(params string[] args)
    {
        var host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ServeMode).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(10_000))
            {
                _process.Kill();
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
