using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CoderSdk.Json;

namespace CoderSdk.Http;

/// <summary>
/// One request to coderd, described by its route template. Path values are escaped as single segments (a name with
/// <c>/</c> or spaces stays one segment), query values are percent-encoded, and JSON bodies go through source-generated
/// metadata. The streams build these (WebSocket and SSE handshakes and their plain reads), from the routes of the
/// generated operation table; generated calls go through Refit.
/// </summary>
internal sealed class CoderRequest
{
    private readonly List<KeyValuePair<string, string>> _pathValues = new(2);
    private List<KeyValuePair<string, string?>>? _query;
    private List<KeyValuePair<string, string>>? _headers;

    /// <summary>Describes a request.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="routeTemplate">The route template, e.g. <c>/api/v2/workspaces/{workspace}</c>.</param>
    /// <param name="expectedStatuses">The statuses that count as success for this operation.</param>
    public CoderRequest(HttpMethod method, string routeTemplate, params int[] expectedStatuses)
    {
        Method = method;
        RouteTemplate = routeTemplate;
        ExpectedStatuses = expectedStatuses.Length == 0 ? [200] : expectedStatuses;
    }

    /// <summary>Describes a call of a generated operation: its method, route and success statuses come from the table.</summary>
    /// <param name="operation">The operation, from <c>CoderOperations</c>.</param>
    public CoderRequest(CoderOperation operation)
        : this(new HttpMethod(operation.HttpMethod), operation.Route, operation.Statuses)
    {
    }

    public HttpMethod Method { get; }

    public string RouteTemplate { get; }

    public int[] ExpectedStatuses { get; }

    public HttpContent? Content { get; private set; }

    /// <summary>True for streaming requests (WebSocket follow/watch): the resilience pipeline passes them through.</summary>
    public bool IsStream { get; init; }

    public CoderRequest Path(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length == 0)
        {
            throw new ArgumentException($"The path parameter '{name}' is empty.", name);
        }

        _pathValues.Add(new(name, value));
        return this;
    }

    public CoderRequest Path(string name, Guid value) => Path(name, value.ToString("D"));

    public CoderRequest Path(string name, long value) => Path(name, value.ToString(CultureInfo.InvariantCulture));

    public CoderRequest Query(string name, string? value)
    {
        if (value is not null)
        {
            (_query ??= []).Add(new(name, value));
        }

        return this;
    }

    /// <summary>Adds a bare query key with no value (<c>?follow</c>).</summary>
    public CoderRequest QueryFlag(string name)
    {
        (_query ??= []).Add(new(name, null));
        return this;
    }

    // Typed values use the same wire formats as the generated Refit calls: one rule, in CoderUrlParameterFormatter.
    public CoderRequest Query(string name, bool? value) => Query(name, CoderUrlParameterFormatter.FormatValue(value));

    public CoderRequest Query(string name, long? value) => Query(name, CoderUrlParameterFormatter.FormatValue(value));

    public CoderRequest Query(string name, Guid? value) => Query(name, CoderUrlParameterFormatter.FormatValue(value));

    public CoderRequest Query(string name, DateTimeOffset? value) => Query(name, CoderUrlParameterFormatter.FormatValue(value));

    /// <summary>Adds a list either as one comma-separated value or as the key repeated once per value.</summary>
    public CoderRequest Query(string name, IEnumerable<string>? values, bool repeatKey)
    {
        if (values is null)
        {
            return this;
        }

        if (repeatKey)
        {
            foreach (var value in values)
            {
                Query(name, value);
            }

            return this;
        }

        var joined = string.Join(",", values);
        return joined.Length == 0 ? this : Query(name, joined);
    }

    /// <summary>Adds an extensible enumeration by its wire value.</summary>
    public CoderRequest Query<TEnum>(string name, TEnum? value) where TEnum : struct, ICoderEnum<TEnum> =>
        value is null ? this : Query(name, value.Value.Value);

    /// <summary>Adds a list of UUIDs either as one comma-separated value or as the key repeated once per value.</summary>
    public CoderRequest Query(string name, IEnumerable<Guid>? values, bool repeatKey) =>
        Query(name, values?.Select(v => CoderUrlParameterFormatter.FormatValue(v)!), repeatKey);

    /// <summary>Adds a bare query key (<c>?listen</c>) when <paramref name="value"/> is true; nothing otherwise.</summary>
    public CoderRequest QueryFlag(string name, bool? value) => value == true ? QueryFlag(name) : this;

    public CoderRequest Header(string name, string? value)
    {
        if (value is not null)
        {
            (_headers ??= []).Add(new(name, value));
        }

        return this;
    }

    public CoderRequest JsonBody<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(body);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, typeInfo);
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        Content = content;
        return this;
    }

    /// <summary>The concrete path: the template with every <c>{name}</c> replaced by its escaped value. No query.</summary>
    public string BuildPath()
    {
        var template = RouteTemplate;
        if (template.IndexOf('{') < 0)
        {
            return template;
        }

        var builder = new StringBuilder(template.Length + 48);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                builder.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            builder.Append(template, i, open - i);
            var name = template.AsSpan(open + 1, close - open - 1);
            builder.Append(Uri.EscapeDataString(Lookup(name)));
            i = close + 1;
        }

        return builder.ToString();
    }

    /// <summary>The encoded query string including its leading <c>?</c>, or empty.</summary>
    public string BuildQuery()
    {
        if (_query is null || _query.Count == 0)
        {
            return string.Empty;
        }

        var builder = new StringBuilder(64);
        foreach (var (key, value) in _query)
        {
            builder.Append(builder.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(key));
            if (value is not null)
            {
                builder.Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return builder.ToString();
    }

    /// <summary>The facts error messages name.</summary>
    public CoderCall Call => new(Method.Method, RouteTemplate, BuildPath(), ExpectedStatuses);

    public Uri BuildUri(Uri baseUrl) => new(baseUrl, BuildPath() + BuildQuery());

    public HttpRequestMessage ToHttpRequestMessage(Uri baseUrl)
    {
        var message = new HttpRequestMessage(Method, BuildUri(baseUrl)) { Content = Content };
        message.Headers.Accept.Add(JsonMediaType);
        if (_headers is not null)
        {
            foreach (var (key, value) in _headers)
            {
                message.Headers.TryAddWithoutValidation(key, value);
            }
        }

        message.Options.Set(CoderRequestOptions.RouteTemplate, RouteTemplate);
        if (Array.Exists(ExpectedStatuses, s => s is >= 300 and < 400))
        {
            message.Options.Set(CoderRequestOptions.ExpectsRedirect, true);
        }

        if (IsStream)
        {
            message.Options.Set(CoderRequestOptions.IsStream, true);
        }

        return message;
    }

    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private string Lookup(ReadOnlySpan<char> name)
    {
        foreach (var (key, value) in _pathValues)
        {
            if (name.SequenceEqual(key))
            {
                return value;
            }
        }

        throw new InvalidOperationException($"No value was given for the path parameter '{name}' of {RouteTemplate}.");
    }
}

/// <summary>
/// Keys the SDK attaches to <see cref="HttpRequestMessage.Options"/> so its handlers know what a request is. Only the
/// route template is public, for handlers of your own to read (a log or metric label without ids); the flags that change
/// how the pipeline treats a request (a stream bypasses the retries, a documented redirect is not followed) are the
/// SDK's own.
/// </summary>
public static class CoderRequestOptions
{
    /// <summary>The operation's route template, e.g. <c>/api/v2/workspaces/{workspace}</c>; handlers log this instead of the concrete path.</summary>
    public static readonly HttpRequestOptionsKey<string> RouteTemplate = new("CoderSdk.RouteTemplate");

    /// <summary>Set when the operation documents a redirect as its answer; the SDK then returns it instead of following it.</summary>
    internal static readonly HttpRequestOptionsKey<bool> ExpectsRedirect = new("CoderSdk.ExpectsRedirect");

    /// <summary>Set on streaming requests (WebSocket follow/watch upgrades); the resilience pipeline lets them through untouched.</summary>
    internal static readonly HttpRequestOptionsKey<bool> IsStream = new("CoderSdk.IsStream");

    private static readonly HttpRequestOptionsKey<Type> RefitInterface = new(global::Refit.HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<string> RefitMethod = new(global::Refit.HttpRequestMessageOptions.MethodName);

    /// <summary>
    /// The operation of <paramref name="request"/>: the one recorded on it, else the one Refit's interface type and
    /// method name name in the generated table (which is then recorded, with its route template and redirect rule).
    /// </summary>
    internal static CoderOperation? OperationOf(HttpRequestMessage request)
    {
        if (CoderCallState.Find(request)?.Operation is { } known)
        {
            return known;
        }

        if (!request.Options.TryGetValue(RefitInterface, out var api) || !request.Options.TryGetValue(RefitMethod, out var method) ||
            CoderOperations.Find(api, method) is not { } operation)
        {
            return null;
        }

        CoderCallState.Of(request).Operation = operation;
        request.Options.Set(RouteTemplate, operation.Route);
        if (operation.ExpectsRedirect)
        {
            request.Options.Set(ExpectsRedirect, true);
        }

        return operation;
    }
}
