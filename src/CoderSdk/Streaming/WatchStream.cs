using System.Text.Json.Serialization.Metadata;
using CoderSdk.Errors;
using CoderSdk.Pipeline;

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
        DeclaredStream.RunAsync(connection, Declare(endpoints, typeInfo), cancellationToken);

    /// <summary>A watch as a declared stream: envelopes over watch-ws (coderd reads it, so pings are answered), SSE on 404, a fresh snapshot per connection.</summary>
    internal static StreamDeclaration<T> Declare<T>(Endpoints endpoints, JsonTypeInfo<T> typeInfo) => new()
    {
        Format = StreamFrameFormat.Envelope,
        Resume = StreamResume.Snapshot,
        Item = typeInfo,
        WebSocket = _ => endpoints.WebSocket(),
        ServerSentEvents = _ => endpoints.ServerSentEvents(),
        ServerReads = true,
        ClosedMessage = "coderd closed the watch",
    };

}
