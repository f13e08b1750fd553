using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;
using CoderSdk.Http;

namespace CoderSdk.Streaming;

/// <summary>
/// Watches a coderd resource: the one-way WebSocket (<c>.../watch-ws</c>, frames <c>{"type":"ping"|"data"|"error","data":...}</c>,
/// nothing is ever sent) and, when coderd answers 404 because it predates it, the deprecated Server-Sent-Events
/// endpoint (<c>event: ping|data|error</c>). Pings are swallowed, <c>error</c> events end the sequence with a
/// <see cref="CoderStreamException"/>, and a broken or silent connection reconnects; there are no resume ids, so the
/// first data event of every connection is a fresh snapshot.
/// </summary>
internal static class WatchStream
{
    /// <summary>The two ways to watch one resource.</summary>
    /// <param name="WebSocket">Builds the watch-ws request.</param>
    /// <param name="ServerSentEvents">Builds the SSE request.</param>
    public sealed record Endpoints(Func<CoderRequest> WebSocket, Func<CoderRequest> ServerSentEvents);

    public static IAsyncEnumerable<T> WatchAsync<T>(CoderConnection connection, Endpoints endpoints, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        ChannelStream.RunAsync<T>(
            connection.StreamOptions.BufferCapacity,
            (writer, stop) => ProduceAsync(connection, endpoints, typeInfo, writer, stop),
            cancellationToken);

    private static async Task ProduceAsync<T>(CoderConnection connection, Endpoints endpoints, JsonTypeInfo<T> typeInfo, ChannelWriter<T> writer, CancellationToken stop)
    {
        var useServerSentEvents = false;
        var reconnector = new StreamReconnector(connection, endpoints.WebSocket());
        await reconnector.RunAsync(async token =>
        {
            if (!useServerSentEvents)
            {
                var request = endpoints.WebSocket();
                WebSocketSession? socket = null;
                try
                {
                    socket = await WebSocketSession.ConnectAsync(connection, request, serverReads: true, token).ConfigureAwait(false);
                }
                catch (CoderNotFoundException)
                {
                    // coderd before watch-ws (or a proxy that does not route it): fall back to SSE for good. A missing
                    // resource answers 404 there too and ends the stream.
                    useServerSentEvents = true;
                }

                if (socket is not null)
                {
                    (WebSocketCloseStatus? Status, string? Description) closed;
                    await using (socket.ConfigureAwait(false))
                    {
                        reconnector.Connected();
                        while (await socket.ReceiveAsync().ConfigureAwait(false) is { } frame)
                        {
                            var item = StreamFrames.ParseEvent(frame.Span, null, typeInfo, request, connection.Secrets, HttpStatusCode.SwitchingProtocols, socket.Frames);
                            await DeliverAsync(item, writer, reconnector, token).ConfigureAwait(false);
                        }

                        closed = (socket.CloseStatus, socket.CloseDescription);
                    }

                    token.ThrowIfCancellationRequested();
                    throw new CoderStreamInterruptedException("coderd closed the watch", closed.Status, closed.Description, null);
                }
            }

            var sseRequest = endpoints.ServerSentEvents();
            await using (var events = await SseSession.ConnectAsync(connection, sseRequest, token).ConfigureAwait(false))
            {
                reconnector.Connected();
                await foreach (var (type, data) in events.ReadAsync().ConfigureAwait(false))
                {
                    var item = StreamFrames.ParseEvent(data, type, typeInfo, sseRequest, connection.Secrets, HttpStatusCode.OK, events.Events);
                    await DeliverAsync(item, writer, reconnector, token).ConfigureAwait(false);
                }
            }

            token.ThrowIfCancellationRequested();
            throw new CoderStreamInterruptedException("coderd ended the event stream", null, null, null);
        }, stop).ConfigureAwait(false);
    }

    private static async ValueTask DeliverAsync<T>(WatchEvent<T> item, ChannelWriter<T> writer, StreamReconnector reconnector, CancellationToken cancellationToken)
    {
        if (item.Error is { } error)
        {
            throw error;
        }

        if (item.Type == "data")
        {
            await writer.WriteAsync(item.Data!, cancellationToken).ConfigureAwait(false);
            reconnector.MadeProgress();
        }
    }

    /// <summary>The SSE request for a watch route: a stream that expects 200 and asks for <c>text/event-stream</c>.</summary>
    internal static CoderRequest SseRequest(string routeTemplate) =>
        new CoderRequest(HttpMethod.Get, routeTemplate, 200) { IsStream = true }.Header("Accept", "text/event-stream");
}
