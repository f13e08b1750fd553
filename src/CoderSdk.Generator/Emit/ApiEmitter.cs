using CoderSdk.Generator.Docs;
using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Emit;

/// <summary>
/// Writes one file per area: a public Refit interface whose methods carry Refit's own attributes (route, aliases,
/// query formats, body). Refit's source generator implements it; the SDK's settings and handlers add what Refit does
/// not know about coderd (exact statuses, typed errors, wire formats).
/// </summary>
internal static class ApiEmitter
{
    public static string InterfaceName(string area) => $"I{area}Api";

    public static string ClassName(string area) => $"{area}Api";

    public static string Emit(string area, IReadOnlyList<OperationModel> operations)
    {
        var usesJson = operations.Any(o => o.Response.Type?.Render().Contains("JsonElement", StringComparison.Ordinal) == true
            || o.Parameters.Any(p => p.Type.Render().Contains("JsonElement", StringComparison.Ordinal)));
        string[] usings = usesJson
            ? ["CoderSdk.Errors", "CoderSdk.Json", "CoderSdk.Models", "System.Text.Json"]
            : ["CoderSdk.Errors", "CoderSdk.Json", "CoderSdk.Models"];
        var writer = CodeWriter.CSharp("CoderSdk.Apis", usings);
        var tags = string.Join(", ", operations.Select(o => o.Spec.Tag).Distinct().Order(StringComparer.Ordinal).Select(DocComposer.Code));
        writer.Line($"/// <summary>The {DocComposer.Xml(area)} endpoints of the Coder API: {DocComposer.Count(operations.Count, "operation")} (spec tags {tags}).</summary>");
        writer.Line("/// <remarks>");
        writer.Line("/// A Refit interface: Refit's source generator implements it. Members may be added in minor versions; implement it");
        writer.Line("/// yourself only for test doubles.");
        writer.Line("/// </remarks>");
        using (writer.Block($"public partial interface {InterfaceName(area)}"))
        {
            foreach (var operation in operations)
            {
                if (IsForm(operation))
                {
                    // Refit sends a form body from one dictionary; the typed method with one parameter per field is an
                    // extension method (below) over this one.
                    writer.Lines(FormDocs(operation));
                }
                else
                {
                    writer.Lines(DocComposer.MethodDocs(operation));
                }

                writer.Line($"[global::Refit.{Pascal(operation.Spec.Method)}(\"{operation.Spec.Path}\")]");
                if (operation.Spec.Deprecated)
                {
                    writer.Line("[Obsolete(\"coderd marks this endpoint deprecated.\")]");
                }

                writer.Line($"{(IsForm(operation) ? FormSignature(operation) : Signature(operation, refit: true))};");
                writer.Line();
            }
        }

        var forms = operations.Where(IsForm).ToList();
        if (forms.Count > 0)
        {
            writer.Line();
            writer.Line($"/// <summary>The form-encoded operations of <see cref=\"{InterfaceName(area)}\"/> with one parameter per form field.</summary>");
            using (writer.Block($"public static class {ClassName(area)}FormExtensions"))
            {
                foreach (var operation in forms)
                {
                    writer.Lines(WithApiParameter(DocComposer.MethodDocs(operation)));
                    var parameters = string.Join(", ", operation.Parameters.Select(p => p.Required ? $"{p.Type.Render()} {p.Name}" : $"{p.Type.Render(nullable: true)} {p.Name} = null"));
                    using (writer.Block($"public static {ReturnType(operation)} {operation.Name}(this {InterfaceName(area)} api, {parameters}, CancellationToken cancellationToken = default)"))
                    {
                        writer.Line("ArgumentNullException.ThrowIfNull(api);");
                        writer.Line("var form = new Dictionary<string, string>(StringComparer.Ordinal);");
                        foreach (var parameter in operation.Parameters)
                        {
                            var wire = ModelEmitter.Literal(parameter.WireName);
                            writer.Line(parameter.Required && !parameter.Type.IsValueType
                                ? $"form[\"{wire}\"] = {parameter.Name} ?? throw new ArgumentNullException(nameof({parameter.Name}));"
                                : $"if ({parameter.Name} is not null) form[\"{wire}\"] = {parameter.Name};");
                        }

                        writer.Line($"return api.{operation.Name}(form, cancellationToken);");
                    }

                    writer.Line();
                }
            }
        }

        return writer.ToString();
    }

    /// <summary>Puts the extension's <c>api</c> parameter before the method's first parameter doc.</summary>
    private static IEnumerable<string> WithApiParameter(IEnumerable<string> docs)
    {
        var added = false;
        foreach (var line in docs)
        {
            if (!added && line.StartsWith("/// <param ", StringComparison.Ordinal))
            {
                added = true;
                yield return "/// <param name=\"api\">The area to call.</param>";
            }

            yield return line;
        }
    }

    private static bool IsForm(OperationModel operation) => operation.Parameters.Any(p => p.Style == ParameterStyle.Form);

    private static string FormSignature(OperationModel operation) =>
        $"{ReturnType(operation)} {operation.Name}([global::Refit.Body(global::Refit.BodySerializationMethod.UrlEncoded)] IReadOnlyDictionary<string, string> form, CancellationToken cancellationToken = default)";

    /// <summary>The docs of the dictionary form of a form-encoded operation: the method's docs with one form parameter.</summary>
    private static IEnumerable<string> FormDocs(OperationModel operation)
    {
        var fields = operation.Parameters.Where(p => p.Style == ParameterStyle.Form).Select(p => $"<c>{DocComposer.Xml(p.WireName)}</c>");
        var inserted = false;
        foreach (var line in DocComposer.MethodDocs(operation))
        {
            if (line.StartsWith("/// <param name=\"", StringComparison.Ordinal) && !line.StartsWith("/// <param name=\"cancellationToken\"", StringComparison.Ordinal))
            {
                if (!inserted)
                {
                    inserted = true;
                    yield return $"/// <param name=\"form\">The form fields ({string.Join(", ", fields)}), sent <c>application/x-www-form-urlencoded</c>; the typed overload builds it.</param>";
                }

                continue;
            }

            yield return line;
        }
    }

    public static string ReturnType(OperationModel operation) => operation.Response.Kind switch
    {
        ResponseKind.Json => $"Task<{operation.Response.Type!.Render()}>",
        ResponseKind.JsonOrNothing => $"Task<{operation.Response.Type!.Render(nullable: true)}>",
        ResponseKind.Bytes => "Task<byte[]>",
        ResponseKind.Text => "Task<string>",
        ResponseKind.Redirect => "Task<Uri?>",
        _ => "Task",
    };

    /// <summary>The method's signature; with <paramref name="refit"/>, each parameter carries the Refit attributes that put it on the wire.</summary>
    public static string Signature(OperationModel operation, bool refit = false)
    {
        var parameters = operation.Parameters
            .Select(p => (refit ? Attributes(p) : string.Empty) + (p.Required ? $"{p.Type.Render()} {p.Name}" : $"{p.Type.Render(nullable: true)} {p.Name} = null"))
            .Append("CancellationToken cancellationToken = default");
        return $"{ReturnType(operation)} {operation.Name}({string.Join(", ", parameters)})";
    }

    /// <summary>The Refit attributes of one parameter, followed by a space (or nothing when Refit's defaults fit).</summary>
    private static string Attributes(ParameterModel parameter)
    {
        var wire = ModelEmitter.Literal(parameter.WireName);
        var alias = parameter.Name.TrimStart('@') == parameter.WireName ? null : $"global::Refit.AliasAs(\"{wire}\")";
        var enumValue = parameter.Type is NamedType { Model.IsEnum: true };
        var attributes = parameter.Style switch
        {
            ParameterStyle.Path => alias is null ? [] : new[] { alias },
            ParameterStyle.Query when enumValue => [.. Nullable(alias), "global::Refit.Query(TreatAsString = true)"],
            ParameterStyle.Query => alias is null ? [] : [alias],
            ParameterStyle.QueryFlag => [$"global::Refit.Query(\"\", \"{wire}\")", "global::Refit.QueryConverter(typeof(CoderFlagQueryConverter))"],
            ParameterStyle.QueryCsv => [.. Nullable(alias), "global::Refit.Query(global::Refit.CollectionFormat.Csv)"],
            ParameterStyle.QueryRepeat => [.. Nullable(alias), "global::Refit.Query(global::Refit.CollectionFormat.Multi)"],
            ParameterStyle.QueryJson => [$"global::Refit.Query(\"\", \"{wire}\")", "global::Refit.QueryConverter(typeof(CoderJsonQueryConverter))"],
            ParameterStyle.Header => [$"global::Refit.Header(\"{wire}\")"],
            ParameterStyle.ContentType => ["global::Refit.Header(\"Content-Type\")"],
            ParameterStyle.Form => [.. Nullable(alias)],
            ParameterStyle.Body or ParameterStyle.RawBody => ["global::Refit.Body"],
            _ => throw new GeneratorException($"no Refit attributes for {parameter.Style}."),
        };
        return attributes.Length == 0 ? string.Empty : $"[{string.Join(", ", attributes)}] ";
    }

    private static string[] Nullable(string? value) => value is null ? [] : [value];

    /// <summary>The source-generated metadata property for a type.</summary>
    public static string TypeInfo(CsType type) => $"CoderJsonContext.Default.{type.Key}";

    private static string Pascal(string method) => char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant();
}
