using System.Globalization;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using CoderSdk.Apis;
using CoderSdk.Json;
using Refit;

namespace CoderSdk.Pipeline;

/// <summary>
/// The <see cref="RefitSettings"/> every area of a <see cref="CoderClient"/> shares: what Refit needs to know to speak
/// coderd's dialect and fail the SDK's way.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>JSON goes through the source-generated <see cref="CoderJsonContext"/> (no reflection, trim and AOT safe).</item>
/// <item>URL values use coderd's wire formats (<see cref="CoderUrlParameterFormatter"/>).</item>
/// <item>Every response is checked against the operation's exact success statuses; failures become the SDK's typed
/// exceptions (<see cref="CoderRefitErrors"/>); transport exceptions pass through unwrapped.</item>
/// </list>
/// </remarks>
internal static class CoderRefit
{
    /// <summary>Settings for the generated areas of one client.</summary>
    /// <param name="versions">The client's version knowledge: it learns from every response and judges 404s; none for bare settings.</param>
    public static RefitSettings CreateSettings(CoderVersionGate? versions = null) => new(CoderContentSerializer.Instance, CoderUrlParameterFormatter.Instance)
    {
        ExceptionFactory = versions is null ? CoderRefitErrors.FromResponseAsync : response => CoderRefitErrors.FromResponseAsync(response, versions),
        // Every request of the client's areas carries its version knowledge into the pipeline, which learns from each answer.
        HttpRequestMessageOptions = versions is null ? null : new() { [CoderCallState.VersionsKey] = versions },
        DeserializationExceptionFactory = CoderRefitErrors.FromDeserializationAsync,
        TransportExceptionFactory = CoderRefitErrors.FromTransport,
        // Bodies are serialized to bytes up front: Refit then sends that content as it is (no push stream, no copy),
        // so it can be sent again on a retry or a same-origin 307/308.
        Buffered = false,
        RequestBodySerialization = RequestBodySerializationMode.Buffered,
    };
}

/// <summary>Reads and writes bodies through <see cref="CoderJsonContext"/>; parses a <see cref="CoderBufferedContent"/> in place.</summary>
internal sealed class CoderContentSerializer : IHttpContentSerializer, ISynchronousContentSerializer
{
    public static CoderContentSerializer Instance { get; } = new();

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    /// <inheritdoc />
    public HttpContent ToHttpContentSynchronous<T>(T item) => ToHttpContent(item);

    /// <inheritdoc />
    public HttpContent ToStreamingHttpContent<T>(T item) => ToHttpContent(item);

    /// <inheritdoc />
    public HttpContent ToHttpContent<T>(T item)
    {
        if (item is null)
        {
            // An optional body left out: coderd gets an empty body, never the text "null".
            return new ByteArrayContent([]);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(item, TypeInfo<T>());
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    /// <inheritdoc />
    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        if (typeof(T) == typeof(byte[]))
        {
            return (T)(object)await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }

        if (typeof(T) == typeof(Uri))
        {
            return content is CoderRedirectContent redirect ? (T?)(object?)redirect.Location : default;
        }

        if (content is CoderBufferedContent buffered)
        {
            return Parse(buffered.Memory.Span, TypeInfo<T>());
        }

        // Content the SDK did not buffer (a handler of the caller's replaced it): read it whole first.
        var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return Parse(bytes, TypeInfo<T>());
    }

    /// <inheritdoc />
    public string? GetFieldNameForProperty(PropertyInfo propertyInfo) => null;

    private static T Parse<T>(ReadOnlySpan<byte> body, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(body, typeInfo) ?? throw new CoderBodyException($"expected {typeof(T).Name} but the body was JSON null");

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        CoderJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
            ?? throw new InvalidOperationException($"{typeof(T)} is not registered in CoderJsonContext.");
}

/// <summary>A body the serializer could not use, for <see cref="CoderRefitErrors.FromDeserializationAsync"/> to report.</summary>
internal sealed class CoderBodyException(string problem) : Exception(problem);

/// <summary>
/// Formats path and query values the way coderd parses them: booleans as <c>true</c>/<c>false</c>, times as RFC 3339,
/// UUIDs in lower case, numbers invariant; extensible enumerations arrive here as their wire string.
/// </summary>
internal sealed class CoderUrlParameterFormatter : IUrlParameterFormatter
{
    public static CoderUrlParameterFormatter Instance { get; } = new();

#if REFIT17
    /// <inheritdoc />
    public string? Format(object? value, IParameterAttributeProvider attributeProvider, Type type) => FormatValue(value);
#else
    /// <inheritdoc />
    public string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type) => FormatValue(value);
#endif

    /// <summary>The wire form of one value.</summary>
    public static string? FormatValue(object? value) => value switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        DateTimeOffset time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture),
        DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture),
        Guid id => id.ToString("D"),
        CoderOrganization organization => organization.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
