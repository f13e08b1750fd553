using CoderSdk.Generator.Spec;

namespace CoderSdk.Generator.Model;

/// <summary>One generated method: an operation, its area, its name and its C# signature.</summary>
internal sealed class OperationModel
{
    public required SpecOperation Spec { get; init; }

    public required string Area { get; init; }

    /// <summary>The method name, ending in <c>Async</c> (set again when a drift rule tells apart two methods with one name).</summary>
    public required string Name { get; set; }

    public required IReadOnlyList<ParameterModel> Parameters { get; init; }

    public required ResponseModel Response { get; init; }

    /// <summary>Success statuses the method accepts, the spec's first.</summary>
    public required IReadOnlyList<int> Statuses { get; init; }

    /// <summary>Statuses added through the overrides because real coderd sends them.</summary>
    public required IReadOnlyList<int> ExtraStatuses { get; init; }

    /// <summary>Query parameters of the spec the method does not take, with the reason.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Dropped { get; init; }

    /// <summary>The first coderd release with the operation, when the oldest supported one lacks it.</summary>
    public string? Since { get; set; }

    /// <summary>The last release that has it, when a newer release dropped it.</summary>
    public string? Until { get; set; }
}

/// <summary>What the method gives back.</summary>
internal enum ResponseKind
{
    /// <summary>Nothing: the body, if any, is discarded.</summary>
    None,

    /// <summary>A JSON body read through the source-generated metadata.</summary>
    Json,

    /// <summary>A JSON body, or <c>null</c> for a documented success status without a body.</summary>
    JsonOrNothing,

    /// <summary>The body as bytes.</summary>
    Bytes,

    /// <summary>The body as text.</summary>
    Text,

    /// <summary>The redirect's <c>Location</c>.</summary>
    Redirect,
}

internal sealed record ResponseModel(ResponseKind Kind, CsType? Type, int? EmptyStatus);

/// <summary>Where and how a parameter travels.</summary>
internal enum ParameterStyle
{
    Path,
    Query,

    /// <summary>A bare query key sent only when true (<c>?listen</c>).</summary>
    QueryFlag,

    /// <summary>A list sent as one comma-separated value.</summary>
    QueryCsv,

    /// <summary>A list sent as the key repeated per value.</summary>
    QueryRepeat,

    /// <summary>A map sent as one JSON-encoded value.</summary>
    QueryJson,
    Header,
    Form,
    Body,

    /// <summary>A raw body stream.</summary>
    RawBody,

    /// <summary>The raw body's media type.</summary>
    ContentType,
}

/// <summary>One parameter of a generated method.</summary>
internal sealed class ParameterModel
{
    /// <summary>The name on the wire (path segment, query key, header, form field).</summary>
    public required string WireName { get; init; }

    public required string Name { get; init; }

    public required CsType Type { get; init; }

    public required ParameterStyle Style { get; init; }

    public required bool Required { get; init; }

    /// <summary>The spec's format (for docs).</summary>
    public string? Format { get; init; }

    public IReadOnlyList<string> KnownValues { get; init; } = [];

    /// <summary>What the server accepts, from the overrides (for docs).</summary>
    public string? Note { get; init; }
}

/// <summary>An operation the SDK leaves out, and why.</summary>
internal sealed record ExcludedOperation(SpecOperation Spec, string Reason);

/// <summary>A stream operation the SDK follows by hand, as the runtime's operation table lists it.</summary>
/// <param name="Spec">The spec's operation.</param>
/// <param name="Area">The area the stream method extends (<c>Chats</c>).</param>
/// <param name="Method">The stream method (<c>WatchAsync</c>).</param>
/// <param name="Fallback">True for the Server-Sent Events route a WebSocket method falls back to.</param>
/// <param name="Since">The first release with the route, or null when the oldest supported one has it.</param>
/// <param name="Until">The last release with it when a newer one dropped it.</param>
internal sealed record StreamEntry(SpecOperation Spec, string Area, string Method, bool Fallback, string? Since, string? Until)
{
    /// <summary>The pseudo-area of <c>client.Streams</c>: its methods live on the hand-written <c>ICoderStreams</c>.</summary>
    public const string StreamsArea = "Streams";

    /// <summary>The interface a stream method is declared on.</summary>
    public static string InterfaceOf(string area) => area == StreamsArea ? "ICoderStreams" : $"I{area}Api";

    /// <summary>The table field: <c>Stream</c>, area (none for <c>client.Streams</c>, whose <c>Stream...</c> methods keep their own name), method without <c>Async</c>, and <c>Sse</c> for a fallback.</summary>
    public string Field => Name switch
    {
        var name when Area == StreamsArea && name.StartsWith("Stream", StringComparison.Ordinal) => name,
        var name when Area == StreamsArea => "Stream" + name,
        var name => "Stream" + Area + name,
    } + (Fallback ? "Sse" : string.Empty);

    private string Name => Method.EndsWith("Async", StringComparison.Ordinal) ? Method[..^5] : Method;
}
