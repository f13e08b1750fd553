using System.Globalization;
using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Docs;

/// <summary>
/// Writes XML documentation from facts only: JSON names, wire types and formats, units, nullability, routes, statuses.
/// The spec's own descriptions and summaries are never copied.
/// </summary>
internal static class DocComposer
{
    private const int MaxListedOperations = 3;

    public static string Code(string text) => $"<c>{Xml(text)}</c>";

    public static string Xml(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static IEnumerable<string> Summary(string text) => [$"/// <summary>{text}</summary>"];

    /// <summary>Describes a type the way the docs speak about values on the wire.</summary>
    public static string Describe(CsType type) => type switch
    {
        NamedType { Model.IsEnum: true } named => $"one of the {TypeRef(named)} values",
        NamedType named => $"a {TypeRef(named)} object",
        ListType list => $"a list of {Plural(list.Element)}",
        MapType map => $"a map from text keys to {Plural(map.Value)}",
        PrimitiveType primitive => primitive.Fact,
        _ => type.Render(),
    };

    private static string Plural(CsType type) => type switch
    {
        NamedType { Model.IsEnum: true } named => $"{TypeRef(named)} values",
        NamedType named => $"{TypeRef(named)} objects",
        ListType list => $"lists of {Plural(list.Element)}",
        MapType map => $"maps of {Plural(map.Value)}",
        _ when type == PrimitiveType.String => "text values",
        _ when type == PrimitiveType.Long => "whole numbers",
        _ when type == PrimitiveType.Double => "numbers",
        _ when type == PrimitiveType.Bool => "true/false values",
        _ when type == PrimitiveType.Guid => "UUIDs",
        _ when type == PrimitiveType.DateTime => "dates and times",
        _ when type == PrimitiveType.Json => "JSON values",
        _ => type.Render(),
    };

    public static string FormatNote(string? format) => format switch
    {
        "uri" or "url" => " (an address)",
        "email" => " (an e-mail address)",
        _ => string.Empty,
    };

    public static string KnownValues(IReadOnlyList<string> values) =>
        values.Count == 0 ? string.Empty : " Known values: " + string.Join(", ", values.Select(v => Code(v))) + ".";

    public static string UnitName(DurationUnit unit) => unit switch
    {
        DurationUnit.Nanoseconds => "nanoseconds (a Go time.Duration)",
        DurationUnit.Microseconds => "microseconds",
        DurationUnit.Milliseconds => "milliseconds",
        _ => "seconds",
    };

    public static IEnumerable<string> ModelDocs(TypeModel type)
    {
        var kind = type.SpecName.Contains('.', StringComparison.Ordinal) && type.SpecName.Count(c => c == '.') > 1
            ? $"The inline object in {Code(type.SpecName)}"
            : $"The {Code(type.SpecName)} object";
        yield return $"/// <summary>{kind} of the Coder API.</summary>";
        yield return "/// <remarks>";
        foreach (var line in Usage(type))
        {
            yield return "/// " + line;
        }

        yield return type.IsRequest
            ? "/// A request model: properties the spec requires are marked <c>required</c>."
            : "/// Reads tolerantly: a field the server leaves out does not fail the read, and missing text or collections read as empty.";
        if (type.HasSecrets)
        {
            yield return "/// Secret values are masked as <c>****</c> in the text <see cref=\"ToString\"/> returns.";
        }

        if (type.Since is { } since)
        {
            yield return $"/// Part of the API since coderd {Xml(since)}.";
        }

        yield return "/// Properties this SDK version does not know are kept in <see cref=\"AdditionalProperties\"/> and written back.";
        yield return "/// </remarks>";
    }

    public static IEnumerable<string> EnumDocs(TypeModel type)
    {
        yield return $"/// <summary>The {Code(type.SpecName)} string enumeration of the Coder API ({Count(type.Members.Count, "known value")}).</summary>";
        yield return "/// <remarks>";
        foreach (var line in Usage(type))
        {
            yield return "/// " + line;
        }

        yield return "/// Values a newer server sends that this SDK version does not list read, compare and write back unchanged;";
        yield return "/// <see cref=\"IsKnown\"/> tells them apart.";
        yield return "/// </remarks>";
    }

    private static IEnumerable<string> Usage(TypeModel type)
    {
        if (type.ReturnedBy.Count > 0)
        {
            yield return $"Returned by {OperationList(type.ReturnedBy)}.";
        }

        if (type.SentBy.Count > 0)
        {
            yield return $"Sent as the body of {OperationList(type.SentBy)}.";
        }

        if (type.ReturnedBy.Count == 0 && type.SentBy.Count == 0)
        {
            yield return "Appears inside other models.";
        }
    }

    private static string OperationList(IReadOnlyCollection<string> keys)
    {
        var listed = string.Join(", ", keys.Take(MaxListedOperations).Select(Code));
        var more = keys.Count - MaxListedOperations;
        return more > 0 ? $"{listed} and {more.ToString(CultureInfo.InvariantCulture)} more" : listed;
    }

    public static IEnumerable<string> PropertyDocs(PropertyModel property, bool requestModel)
    {
        var text = $"JSON {Code(property.JsonName)}: {Describe(property.Type)}{FormatNote(property.Format)}";
        if (property.Duration is { } duration)
        {
            text += $", in {UnitName(duration.Unit)}; <see cref=\"{duration.Name}\"/> gives it as a <see cref=\"TimeSpan\"/>";
        }

        text += ".";
        text += KnownValues(property.KnownValues);
        if (property.Required)
        {
            text += " Required.";
        }

        if (property.Nullable)
        {
            text += requestModel ? " Left out of the JSON when <see langword=\"null\"/>." : " May be absent or <see langword=\"null\"/>.";
        }
        else if (property.Type.IsCollection)
        {
            text += " Reads as empty when the server sends <see langword=\"null\"/>.";
        }

        if (property.Since is { } since)
        {
            text += requestModel
                ? $" Read by coderd {Xml(since)} or newer; older servers ignore it."
                : $" Sent by coderd {Xml(since)} or newer; older servers leave it out.";
        }

        if (property.Secret)
        {
            text += " Holds a secret, masked in <see cref=\"ToString\"/>.";
        }

        return Summary(text);
    }

    public static IEnumerable<string> DurationDocs(PropertyModel property, DurationView view) =>
        Summary($"{Code(property.JsonName)} as a <see cref=\"TimeSpan\"/>: reads and writes <see cref=\"{property.Name}\"/>, which carries {UnitName(view.Unit)}.");

    public static IEnumerable<string> MethodDocs(OperationModel operation)
    {
        var spec = operation.Spec;
        yield return $"/// <summary>Sends {Code(spec.Method + " " + spec.Path)}{ResponseClause(operation.Response)}.</summary>";
        var remarks = new List<string>();
        if (spec.Deprecated)
        {
            remarks.Add("coderd marks this endpoint deprecated.");
        }

        if (operation.ExtraStatuses.Count > 0)
        {
            remarks.Add($"The spec documents status {Statuses(operation.Statuses.Except(operation.ExtraStatuses))}; coderd answers {Statuses(operation.ExtraStatuses)}, which is accepted too.");
        }

        if (operation.Since is { } since)
        {
            remarks.Add($"Needs coderd {Xml(since)} or newer: an older server answers 404, which the SDK raises as <see cref=\"global::CoderSdk.Errors.CoderNotSupportedException\"/> once it knows the server's version.");
        }

        if (operation.Until is { } until)
        {
            remarks.Add($"Releases after coderd {Xml(until)} no longer have this endpoint.");
        }

        if (operation.Dropped.Count > 0)
        {
            remarks.Add("Not taken here: " + string.Join("; ", operation.Dropped.Select(d => $"{Code(d.Key)} ({Xml(d.Value)})")) + ".");
        }

        if (remarks.Count > 0)
        {
            yield return "/// <remarks>" + string.Join(" ", remarks) + "</remarks>";
        }

        foreach (var parameter in operation.Parameters)
        {
            yield return $"/// <param name=\"{parameter.Name.TrimStart('@')}\">{ParameterText(parameter)}</param>";
        }

        yield return "/// <param name=\"cancellationToken\">Cancels the request.</param>";
        if (ReturnsText(operation) is { } returns)
        {
            yield return $"/// <returns>{returns}</returns>";
        }

        foreach (var line in ExceptionDocs(operation))
        {
            yield return line;
        }
    }

    /// <summary>
    /// A link to a model type. Always qualified: inside a record, a property named like its type (<c>Workspace
    /// Workspace</c>) would otherwise make the link point at the property itself.
    /// </summary>
    private static string TypeRef(NamedType type) => $"<see cref=\"global::CoderSdk.Models.{type.Model.Name}\"/>";

    /// <summary>The typed exceptions a generated method can throw, most specific first.</summary>
    private static IEnumerable<string> ExceptionDocs(OperationModel operation)
    {
        var method = operation.Spec.Method;
        yield return "/// <exception cref=\"CoderUnauthorizedException\">coderd answered 401: no session token, or one that expired or was revoked.</exception>";
        yield return "/// <exception cref=\"CoderForbiddenException\">coderd answered 403: the token's user lacks the permission.</exception>";
        yield return operation.Spec.Path.Contains('{', StringComparison.Ordinal)
            ? "/// <exception cref=\"CoderNotFoundException\">coderd answered 404: a resource the path names does not exist or is hidden from this user (or the server predates the endpoint).</exception>"
            : "/// <exception cref=\"CoderNotFoundException\">coderd answered 404: the server does not have this endpoint (an older release, or a feature turned off).</exception>";
        if (method is not "GET")
        {
            yield return "/// <exception cref=\"CoderConflictException\">coderd answered 409: the change conflicts with the current state (a name taken, a build already running).</exception>";
        }

        yield return "/// <exception cref=\"CoderRateLimitedException\">coderd answered 429 and the retries the pipeline allows did not get through.</exception>";
        yield return $"/// <exception cref=\"CoderInvalidResponseException\">coderd answered a success status other than {Statuses(operation.Statuses)}, or a body that was empty, not JSON, cut short or malformed where one was due.</exception>";
        if (method is "POST" or "PATCH")
        {
            yield return "/// <exception cref=\"CoderOutcomeUnknownException\">The request failed after it may have reached coderd; it is not repeated automatically, so check before sending it again.</exception>";
        }

        yield return "/// <exception cref=\"CoderApiException\">coderd answered another error status; <see cref=\"CoderApiException.StatusCode\"/> and <see cref=\"CoderApiException.CoderMessage\"/> say which and why.</exception>";
    }

    private static string ResponseClause(ResponseModel response) => response.Kind switch
    {
        ResponseKind.Json or ResponseKind.JsonOrNothing => $" and reads {Describe(response.Type!)} from the answer",
        ResponseKind.Bytes => " and reads the answer's bytes",
        ResponseKind.Text => " and reads the answer as text",
        ResponseKind.Redirect => " and reads where the answer redirects to",
        _ => string.Empty,
    };

    private static string? ReturnsText(OperationModel operation)
    {
        var success = Statuses(operation.Statuses);
        var response = operation.Response;
        return response.Kind switch
        {
            ResponseKind.Json => $"What coderd sends with status {success}: {Describe(response.Type!)}.",
            ResponseKind.JsonOrNothing => $"{Capitalize(Describe(response.Type!))}, or <see langword=\"null\"/> when coderd answers {response.EmptyStatus?.ToString(CultureInfo.InvariantCulture)} without a body.",
            ResponseKind.Bytes => $"The body coderd sends with status {success}, as bytes.",
            ResponseKind.Text => $"The body coderd sends with status {success}, as text.",
            ResponseKind.Redirect => $"The <c>Location</c> of the {success} redirect, or <see langword=\"null\"/> when there is none.",
            _ => null,
        };
    }

    private static string ParameterText(ParameterModel parameter)
    {
        var what = parameter.Style switch
        {
            ParameterStyle.Path => $"Path segment {Code("{" + parameter.WireName + "}")}",
            ParameterStyle.Body => "The JSON request body",
            ParameterStyle.RawBody => "The request body, sent as is",
            ParameterStyle.ContentType => "The media type of the request body (<c>Content-Type</c>)",
            ParameterStyle.Header => $"Header {Code(parameter.WireName)}",
            ParameterStyle.Form => $"Form field {Code(parameter.WireName)}",
            ParameterStyle.QueryFlag => $"Query flag {Code(parameter.WireName)}: sent without a value when true, left out otherwise",
            ParameterStyle.QueryCsv => $"Query parameter {Code(parameter.WireName)}, sent as one comma-separated value",
            ParameterStyle.QueryRepeat => $"Query parameter {Code(parameter.WireName)}, repeated once per value",
            ParameterStyle.QueryJson => $"Query parameter {Code(parameter.WireName)}, sent as one JSON object",
            _ => $"Query parameter {Code(parameter.WireName)}",
        };

        var type = parameter.Style is ParameterStyle.Body or ParameterStyle.RawBody or ParameterStyle.ContentType or ParameterStyle.QueryFlag
            ? string.Empty
            : ": " + Describe(parameter.Type) + FormatNote(parameter.Format);
        var note = parameter.Note is null ? string.Empty : $" ({Xml(parameter.Note)})";
        var text = what + type + note + "." + KnownValues(parameter.KnownValues);
        if (!parameter.Required)
        {
            text += parameter.Style is ParameterStyle.Body ? " Sent without a body when <see langword=\"null\"/>." : " Left out when <see langword=\"null\"/>.";
        }

        return text;
    }

    public static string Statuses(IEnumerable<int> statuses) =>
        string.Join(" or ", statuses.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary><c>1 operation</c>, <c>3 operations</c>.</summary>
    public static string Count(int count, string noun) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {noun}{(count == 1 ? string.Empty : "s")}";

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
