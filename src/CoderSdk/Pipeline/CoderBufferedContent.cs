using System.Buffers;
using System.Net;

namespace CoderSdk.Pipeline;

/// <summary>
/// A response body read whole into pooled memory inside the request's attempt (so the attempt timeout covers a
/// stalled body and a body that breaks off can be retried), then parsed in place. It replaces the transport's
/// content; the rented buffer goes back to the pool when the response is disposed.
/// </summary>
/// <remarks>
/// Refit copies every typed body into a <see cref="MemoryStream"/> before deserializing it (a large-object-heap
/// allocation for a page of workspaces). <see cref="HttpContent.LoadIntoBufferAsync()"/> does nothing for content
/// that is already buffered, so for JSON the SDK marks this content buffered with an empty internal copy
/// (<see cref="PrepareForParsingAsync"/>) and its serializer reads <see cref="Memory"/> instead: the body is
/// copied once, into pooled memory.
/// </remarks>
internal sealed class CoderBufferedContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;
    private bool _parsingOnly;

    private CoderBufferedContent(byte[] buffer, int length, HttpContent original)
    {
        _buffer = buffer;
        _length = length;
        // The one content header the SDK and its callers read of a coderd answer (decompression already removed any
        // Content-Encoding); copying the rest would cost on every call. Copied as text: reading the typed ContentType
        // would parse it into header objects on every call, and whoever reads it typed still can.
        if (original.Headers.NonValidated.TryGetValues("Content-Type", out var contentType))
        {
            Headers.TryAddWithoutValidation("Content-Type", contentType.ToString());
        }
    }

    /// <summary>The body.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer is { } buffer ? buffer.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(CoderBufferedContent));

    /// <summary>The body's length in bytes.</summary>
    public int Length => _length;

    /// <summary>
    /// Reads <paramref name="response"/>'s body into pooled memory and puts it back as a <see cref="CoderBufferedContent"/>.
    /// The read's state machine is pooled too (it suspends on the network on nearly every call); await the result once.
    /// </summary>
    /// <exception cref="IOException">The body ended before the declared length.</exception>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public static async ValueTask BufferAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var original = response.Content;
        if (original is CoderBufferedContent)
        {
            return;
        }

        var declared = original.Headers.ContentLength;
        var buffer = ArrayPool<byte>.Shared.Rent(declared is > 0 and < 64 * 1024 * 1024 ? (int)declared.Value + 1 : 16 * 1024);
        var length = 0;
        try
        {
            Stream stream;
            try
            {
                stream = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException consumed)
            {
                // A handler below (body logging) already tried to read this body and the read broke off: the body is
                // as cut short for this read as it was for that one.
                throw new IOException("The response body ended before it was complete (an earlier read of it broke off).", consumed);
            }

#if !NET9_0_OR_GREATER
            // .NET 8's content streams may not observe the token while reading; disposing the response aborts the read.
            using var abort = cancellationToken.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
#endif
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int read;
                    try
                    {
                        read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }

                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }
            }

            if (declared is { } expected && length < expected)
            {
                throw new IOException($"The response declared {expected} bytes but only {length} arrived.");
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        var content = new CoderBufferedContent(buffer, length, original);
        response.Content = content;
        original.Dispose();
    }

    /// <summary>
    /// Marks this content buffered for <see cref="HttpContent"/> (with an empty internal copy) so a later
    /// <see cref="HttpContent.LoadIntoBufferAsync()"/> copies nothing, then sets the real Content-Length. From then on
    /// only <see cref="Memory"/> holds the body: use it for JSON bodies that the SDK's serializer parses.
    /// </summary>
    public async Task PrepareForParsingAsync()
    {
        _parsingOnly = true;
        await LoadIntoBufferAsync().ConfigureAwait(false);
        Headers.ContentLength = _length;
    }

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _parsingOnly ? Task.CompletedTask : stream.WriteAsync(Memory, cancellationToken).AsTask();

    /// <inheritdoc />
    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_buffer ?? throw new ObjectDisposedException(nameof(CoderBufferedContent)), 0, _length, writable: false));

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return !_parsingOnly;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}

/// <summary>The answer of an operation whose documented success is a redirect: carries its <c>Location</c> to the serializer.</summary>
internal sealed class CoderRedirectContent(Uri? location) : ByteArrayContent(location is null ? [] : System.Text.Encoding.UTF8.GetBytes(location.OriginalString))
{
    /// <summary>Where the redirect points, or null when it named no location.</summary>
    public Uri? Location { get; } = location;
}
