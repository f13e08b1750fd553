using System.Globalization;
using CoderSdk.Generator.Docs;
using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Emit;

/// <summary>
/// Writes one file per area: the public interface (each method carrying its <c>[Get]</c>/<c>[Post]</c>... route) and the
/// internal implementation that builds a <c>CoderRequest</c> and hands it to the connection.
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
            ? ["CoderSdk.Http", "CoderSdk.Json", "CoderSdk.Models", "System.Text.Json"]
            : ["CoderSdk.Http", "CoderSdk.Json", "CoderSdk.Models"];
        var writer = CodeWriter.CSharp("CoderSdk", usings);
        var tags = string.Join(", ", operations.Select(o => o.Spec.Tag).Distinct().Order(StringComparer.Ordinal).Select(DocComposer.Code));
        writer.Line($"/// <summary>The {DocComposer.Xml(area)} endpoints of the Coder API: {DocComposer.Count(operations.Count, "operation")} (spec tags {tags}).</summary>");
        writer.Line("/// <remarks>Members may be added in minor versions; implement this interface only for test doubles.</remarks>");
        using (writer.Block($"public partial interface {InterfaceName(area)}"))
        {
            foreach (var operation in operations)
            {
                writer.Lines(DocComposer.MethodDocs(operation));
                writer.Line($"[{Pascal(operation.Spec.Method)}(\"{operation.Spec.Path}\")]");
                if (operation.Spec.Deprecated)
                {
                    writer.Line("[Obsolete(\"coderd marks this endpoint deprecated.\")]");
                }

                writer.Line($"{Signature(operation)};");
                writer.Line();
            }
        }

        writer.Line();
        writer.Line($"/// <summary>Sends the requests of <see cref=\"{InterfaceName(area)}\"/> through the client's connection.</summary>");
        using (writer.Block($"internal sealed partial class {ClassName(area)} : {InterfaceName(area)}"))
        {
            writer.Line("/// <summary>Binds the area to a connection.</summary>");
            writer.Line("/// <param name=\"connection\">The connection every request goes through.</param>");
            writer.Line($"internal {ClassName(area)}(CoderConnection connection) => Connection = connection;");
            writer.Line();
            writer.Line("/// <summary>The connection every request of this area goes through.</summary>");
            writer.Line("internal CoderConnection Connection { get; }");
            writer.Line();
            foreach (var operation in operations)
            {
                writer.Line("/// <inheritdoc />");
                writer.Line($"public {Signature(operation)} =>");
                using (writer.Indent())
                {
                    WriteBody(writer, operation);
                }

                writer.Line();
            }
        }

        return writer.ToString();
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

    private static string Signature(OperationModel operation)
    {
        var parameters = operation.Parameters
            .Select(p => p.Required ? $"{p.Type.Render()} {p.Name}" : $"{p.Type.Render(nullable: true)} {p.Name} = null")
            .Append("CancellationToken cancellationToken = default");
        return $"{ReturnType(operation)} {operation.Name}({string.Join(", ", parameters)})";
    }

    private static void WriteBody(CodeWriter writer, OperationModel operation)
    {
        var spec = operation.Spec;
        var (call, typeInfo) = operation.Response.Kind switch
        {
            ResponseKind.Json => ("SendAsync", TypeInfo(operation.Response.Type!)),
            ResponseKind.JsonOrNothing => ("SendOrNothingAsync", TypeInfo(operation.Response.Type!)),
            ResponseKind.Bytes => ("SendForBytesAsync", null),
            ResponseKind.Text => ("SendForTextAsync", null),
            ResponseKind.Redirect => ("SendForRedirectAsync", null),
            _ => ("SendAsync", null),
        };

        var statuses = string.Join(", ", operation.Statuses.Select(s => s.ToString(CultureInfo.InvariantCulture)));
        var request = new List<string> { $"new CoderRequest(HttpMethod.{Pascal(spec.Method)}, \"{spec.Path}\", {statuses})" };
        request.AddRange(operation.Parameters.Select(p => Builder(p, operation)).OfType<string>().Select(line => "    " + line));
        var arguments = new List<string>();
        if (operation.Response.Kind == ResponseKind.JsonOrNothing)
        {
            arguments.Add(operation.Response.EmptyStatus!.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (typeInfo is not null)
        {
            arguments.Add(typeInfo);
        }

        arguments.Add("cancellationToken");
        writer.Line($"Connection.{call}(");
        using (writer.Indent())
        {
            request[^1] += ",";
            writer.Lines(request);
            for (var i = 0; i < arguments.Count; i++)
            {
                writer.Line(arguments[i] + (i == arguments.Count - 1 ? ");" : ","));
            }
        }
    }

    private static string? Builder(ParameterModel parameter, OperationModel operation)
    {
        var wire = ModelEmitter.Literal(parameter.WireName);
        var value = parameter.Name;
        return parameter.Style switch
        {
            ParameterStyle.Path => $".Path(\"{wire}\", {value})",
            ParameterStyle.Query when parameter.Required && !parameter.Type.IsValueType =>
                $".Query(\"{wire}\", {value} ?? throw new ArgumentNullException(nameof({value})))",
            ParameterStyle.Query => $".Query(\"{wire}\", {value})",
            ParameterStyle.QueryFlag => $".QueryFlag(\"{wire}\", {value})",
            ParameterStyle.QueryCsv => $".Query(\"{wire}\", {value}, repeatKey: false)",
            ParameterStyle.QueryRepeat => $".Query(\"{wire}\", {value}, repeatKey: true)",
            ParameterStyle.QueryJson => $".QueryJson(\"{wire}\", {value}, {TypeInfo(parameter.Type)})",
            ParameterStyle.Header => $".Header(\"{wire}\", {value})",
            ParameterStyle.Form => $".Form(\"{wire}\", {value})",
            ParameterStyle.Body when parameter.Required => $".JsonBody({value}, {TypeInfo(parameter.Type)})",
            ParameterStyle.Body => $".OptionalJsonBody({value}, {TypeInfo(parameter.Type)})",
            ParameterStyle.RawBody => $".StreamBody({value}, {ContentTypeOf(operation)})",
            ParameterStyle.ContentType => null,
            _ => throw new GeneratorException($"{operation.Spec.Key}: no request builder for {parameter.Style}."),
        };
    }

    private static string ContentTypeOf(OperationModel operation) =>
        operation.Parameters.FirstOrDefault(p => p.Style == ParameterStyle.ContentType)?.Name
            ?? throw new GeneratorException($"{operation.Spec.Key}: a raw body needs a content type parameter.");

    /// <summary>The source-generated metadata property for a type.</summary>
    public static string TypeInfo(CsType type) => $"CoderJsonContext.Default.{type.Key}";

    private static string Pascal(string method) => char.ToUpperInvariant(method[0]) + method[1..].ToLowerInvariant();
}
