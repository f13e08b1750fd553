using System.Globalization;
using System.Net;
using System.Text;
using CoderSdk.Errors;
using CoderSdk.Http;
using CoderSdk.Models;
using CoderSdk.Versions;

namespace CoderSdk.Pipeline;

/// <summary>
/// The handshake of one stream (a WebSocket upgrade or a Server-Sent Events request), made by the generated
/// <c>CoderStreamHandshakes</c> factories from the stream's operation: the request carries that operation (method,
/// route template, success statuses, releases) to the transport, the error factory and the version check, so nothing
/// looks an operation up again. Path values are escaped as single segments (a name with <c>/</c> or spaces stays one
/// segment) and query values are percent-encoded. REST calls never use it: they go through their area's Refit method.
/// </summary>
internal sealed class CoderRequest
{
    private readonly List<KeyValuePair<string, string>> _pathValues = new(2);
    private List<KeyValuePair<string, string?>>? _query;

    /// <summary>Describes a handshake of <paramref name="operation"/>; the generated factories call this.</summary>
    /// <param name="operation">The operation, from <c>CoderOperations</c>.</param>
    public CoderRequest(CoderOperation operation)
    {
        Operation = operation;
        // The runtime's shared instances: an open stream keeps its requests, so none of its own.
        Method = operation.HttpMethod switch
        {
            "GET" => HttpMethod.Get,
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            "PATCH" => HttpMethod.Patch,
            "DELETE" => HttpMethod.Delete,
            var other => new HttpMethod(other),
        };
    }

    /// <summary>The operation the request opens.</summary>
    public CoderOperation Operation { get; }

    public HttpMethod Method { get; }

    public string RouteTemplate => Operation.Route;

    public int[] ExpectedStatuses => Operation.Statuses;

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

    /// <summary>The request message, marked as a stream (the resilience step lets it through) with its route template.</summary>
    /// <param name="baseUrl">The deployment root.</param>
    /// <param name="accept">The media type the stream answers with.</param>
    public HttpRequestMessage ToHttpRequestMessage(Uri baseUrl, string accept)
    {
        var message = new HttpRequestMessage(Method, BuildUri(baseUrl));
        message.Headers.TryAddWithoutValidation("Accept", accept);
        message.Options.Set(CoderRequestOptions.RouteTemplate, RouteTemplate);
        message.Options.Set(CoderRequestOptions.IsStream, true);
        return message;
    }

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

    /// <summary>The facts of a stream failure, with the client's secrets masked in whatever came from the server.</summary>
    public CoderErrorInfo Describe(HttpStatusCode status, CoderSecretScrubber secrets, string problem, string? detail = null, string? body = null) => secrets.Scrub(new CoderErrorInfo
    {
        Method = Method.Method,
        RouteTemplate = RouteTemplate,
        RequestPath = BuildPath(),
        StatusCode = status,
        CoderMessage = problem,
        Detail = detail,
        ResponseBody = body,
        ReceivedAt = DateTimeOffset.UtcNow,
    });
}
