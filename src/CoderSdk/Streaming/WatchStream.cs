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
    /// <summary>
    /// Watches one resource: <paramref name="webSocket"/> builds the watch-ws request, <paramref name="serverSentEvents"/>
    /// the SSE one (both ignore the resume id, which watches do not have). An open watch holds these for its lifetime,
    /// so callers pass their lambdas straight in rather than wrapped again.
    /// </summary>
    public static IAsyncEnumerable<T> WatchAsync<T>(CoderConnection connection, Func<long, CoderRequest> webSocket, Func<long, CoderRequest> serverSentEvents, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        DeclaredStream.RunAsync(connection, Declare(webSocket, serverSentEvents, typeInfo), cancellationToken);

    /// <summary>A watch as a declared stream: envelopes over watch-ws (coderd reads it, so pings are answered), SSE on 404, a fresh snapshot per connection.</summary>
    internal static StreamDeclaration<T> Declare<T>(Func<long, CoderRequest> webSocket, Func<long, CoderRequest> serverSentEvents, JsonTypeInfo<T> typeInfo) => new()
    {
        Format = StreamFrameFormat.Envelope,
        Resume = StreamResume.Snapshot,
        Item = typeInfo,
        WebSocket = webSocket,
        ServerSentEvents = serverSentEvents,
        ServerReads = true,
        ClosedMessage = "coderd closed the watch",
    };

}
