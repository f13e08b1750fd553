using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CoderSdk.Tests.Infrastructure;

/// <summary>
/// A one-connection-at-a-time TCP server that writes raw bytes, for responses no well-behaved HTTP server would
/// produce (a body shorter than its Content-Length followed by a clean close).
/// </summary>
public sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public RawHttpServer(string rawResponse)
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        var bytes = Encoding.UTF8.GetBytes(rawResponse.Replace("\n", "\r\n"));
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                using var socket = await _listener.AcceptSocketAsync(_stop.Token);
                var buffer = new byte[8192];
                var received = new StringBuilder();
                while (!received.ToString().Contains("\r\n\r\n"))
                {
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }

                await socket.SendAsync(bytes, SocketFlags.None, _stop.Token);
                socket.Shutdown(SocketShutdown.Send);
            }
        });
    }

    public Uri BaseUrl { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }
}
