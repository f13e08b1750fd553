using System.Globalization;
using CoderSdk.Generator.Model;
using CoderSdk.Generator.Naming;
using CoderSdk.Generator.Spec;

namespace CoderSdk.Generator.Emit;

/// <summary>
/// Writes <c>CoderOperations</c>: one descriptor per generated method (route, HTTP method, exact success statuses and
/// how the answer is read) and a lookup from Refit's request options (interface type + method name) to it, plus typed
/// handshake factories for the stream endpoints the SDK follows by hand, and the deployment switches that guard a route
/// (<see cref="FeatureGateRules"/>). The runtime reads this table instead of
/// attributes, so it needs no reflection, and hand-written code names routes only through it.
/// </summary>
internal static class OperationTableEmitter
{
    public static string Emit(IReadOnlyList<IGrouping<string, OperationModel>> areas, IReadOnlyList<StreamEntry> streams, string oldest, string release)
    {
        var writer = CodeWriter.CSharp("CoderSdk.Versions", "CoderSdk.Apis", "CoderSdk.Auth");
        writer.Line("/// <summary>The generated table of every Coder operation the SDK calls: see <see cref=\"CoderOperation\"/>.</summary>");
        using (writer.Block("internal static partial class CoderOperations"))
        {
            writer.Line("/// <summary>The oldest coderd release the release history starts at: an operation without <c>Since</c> is in it and every later one.</summary>");
            writer.Line($"public const string OldestRelease = \"{oldest}\";");
            writer.Line();
            writer.Line("/// <summary>The coderd release the SDK is generated from.</summary>");
            writer.Line($"public const string GeneratedFrom = \"{release}\";");
            writer.Line();
            foreach (var area in areas)
            {
                foreach (var operation in area)
                {
                    var statuses = string.Join(", ", operation.Statuses.Select(s => s.ToString(CultureInfo.InvariantCulture)));
                    var empty = operation.Response.EmptyStatus is { } status ? status.ToString(CultureInfo.InvariantCulture) : "0";
                    writer.Line($"/// <summary><c>{operation.Spec.Method} {operation.Spec.Path}</c>: <see cref=\"{ApiEmitter.InterfaceName(area.Key)}.{operation.Name}\"/>.</summary>");
                    writer.Line($"public static readonly CoderOperation {Field(area.Key, operation)} = new(\"{area.Key}\", \"{operation.Name}\", \"{operation.Spec.OperationId}\", \"{operation.Spec.Method}\", \"{operation.Spec.Path}\", CoderResponseKind.{operation.Response.Kind}, \"{operation.Response.Type?.Render() ?? string.Empty}\", {empty}, [{statuses}]{Versions(operation)}{Credential(operation.Spec)}{FeatureGateRules.Argument(operation.Spec.Method, operation.Spec.Path)});");
                    writer.Line();
                }
            }

            foreach (var stream in streams)
            {
                var statuses = string.Join(", ", stream.Spec.Responses.Select(r => r.Status).Where(s => s < 300).Order().Select(s => s.ToString(CultureInfo.InvariantCulture)));
                writer.Line($"/// <summary><c>{stream.Spec.Method} {stream.Spec.Path}</c>: the stream method <c>{stream.Area}.{stream.Method}</c>{(stream.Fallback ? " (its server-sent events fallback)" : string.Empty)}.</summary>");
                writer.Line($"public static readonly CoderOperation {stream.Field} = new(\"{stream.Area}\", \"{stream.Method}\", \"{stream.Spec.OperationId}\", \"{stream.Spec.Method}\", \"{stream.Spec.Path}\", CoderResponseKind.Stream, \"\", 0, [{statuses}]{Versions(stream.Since, stream.Until)}{Credential(stream.Spec)}{FeatureGateRules.Argument(stream.Spec.Method, stream.Spec.Path)});");
                writer.Line();
            }

            writer.Line("/// <summary>Finds the stream operation of a stream method from the area interface it extends and the method name (its WebSocket route when it has a fallback).</summary>");
            writer.Line("/// <param name=\"api\">The area interface.</param>");
            writer.Line("/// <param name=\"method\">The stream method's name.</param>");
            writer.Line("/// <returns>The stream operation, or <see langword=\"null\"/>.</returns>");
            MethodLookup(writer, "FindStream", streams.Where(s => !s.Fallback).GroupBy(s => s.Area).Select(g => (g.Key, g.Select(s => (s.Method, s.Field)))), StreamEntry.InterfaceOf);
            writer.Line();
            writer.Line("/// <summary>Every stream operation of the table, by area and method, each WebSocket route before its fallback.</summary>");
            FieldList(writer, "Streams", streams.Select(s => s.Field));
            writer.Line();
            writer.Line("/// <summary>Finds the operation of a Refit method from the interface and method name Refit puts in the request options.</summary>");
            writer.Line("/// <param name=\"api\">The Refit interface.</param>");
            writer.Line("/// <param name=\"method\">The method name.</param>");
            writer.Line("/// <returns>The operation, or <see langword=\"null\"/> for a method the table does not know.</returns>");
            MethodLookup(writer, "Find", areas.Select(a => (a.Key, a.Select(o => (o.Name, Field(a.Key, o))))));
            writer.Line();
            writer.Line("/// <summary>Every operation of the table, in area and method order.</summary>");
            FieldList(writer, "All", areas.SelectMany(a => a.Select(o => Field(a.Key, o))));
        }

        return writer.ToString();
    }

    /// <summary>
    /// Writes <c>CoderStreamHandshakes</c>: one typed request factory per stream endpoint and per log-following REST
    /// operation, in the pipeline's namespace (it builds the pipeline's <c>CoderRequest</c>).
    /// </summary>
    public static string EmitHandshakes(IReadOnlyList<IGrouping<string, OperationModel>> areas, IReadOnlyList<StreamEntry> streams)
    {
        var writer = CodeWriter.CSharp("CoderSdk.Pipeline", "CoderSdk.Versions");
        writer.Line("/// <summary>");
        writer.Line("/// The handshakes of the stream operations and of the REST operations that follow a log (<c>?follow</c>): each");
        writer.Line("/// builds its request from its table entry and typed path values, so code that opens a stream names its operation");
        writer.Line("/// once, checked by the compiler, and the request carries it (route, statuses, releases) to errors and logs.");
        writer.Line("/// </summary>");
        using (writer.Block("internal static class CoderStreamHandshakes"))
        {
            foreach (var stream in streams)
            {
                var path = stream.Spec.Parameters.Where(p => p.In == "path").Select(p => (p.Name, PathType(p)));
                Handshake(writer, stream.Field, stream.Spec, path);
            }

            foreach (var area in areas)
            {
                foreach (var operation in area.Where(o => o.Spec.Parameters.Any(p => p.In == "query" && p.Name == "follow")))
                {
                    // The generated method's own path types (an override may have made a text id a Guid).
                    var path = operation.Parameters.Where(p => p.Style == ParameterStyle.Path).Select(p => (p.WireName, p.Type.Render()));
                    Handshake(writer, Field(area.Key, operation), operation.Spec, path);
                }
            }
        }

        return writer.ToString();
    }

    /// <summary>One typed handshake factory: <c>public static CoderRequest Field(Guid workspace) =&gt; new CoderRequest(CoderOperations.Field).Path("workspace", workspace);</c></summary>
    private static void Handshake(CodeWriter writer, string field, SpecOperation spec, IEnumerable<(string Name, string Type)> pathValues)
    {
        var path = pathValues.ToList();
        var parameters = string.Join(", ", path.Select(p => $"{p.Type} {Names.Camel(p.Name)}"));
        var values = string.Concat(path.Select(p => $".Path(\"{p.Name}\", {Names.Camel(p.Name)})"));
        writer.Line($"/// <summary>The request that opens <c>{spec.Method} {spec.Path}</c> (<see cref=\"CoderOperations.{field}\"/>).</summary>");
        writer.Line($"public static CoderRequest {field}({parameters}) => new CoderRequest(CoderOperations.{field}){values};");
        writer.Line();
    }

    /// <summary>The C# type of a path value: a UUID is a <see cref="Guid"/>, an integer a <see cref="long"/>, anything else text.</summary>
    private static string PathType(SpecParameter parameter) => parameter.Schema switch
    {
        { Type: "string", Format: "uuid" } => "Guid",
        { Type: "integer" } => "long",
        _ => "string",
    };

    /// <summary>A lookup by area interface type and method name: <c>if (api == typeof(IXApi)) return method switch { ... };</c> per area.</summary>
    private static void MethodLookup(CodeWriter writer, string name, IEnumerable<(string Area, IEnumerable<(string Method, string Field)> Methods)> areas, Func<string, string>? interfaceOf = null)
    {
        interfaceOf ??= ApiEmitter.InterfaceName;
        using (writer.Block($"public static CoderOperation? {name}(Type api, string method)"))
        {
            foreach (var (area, methods) in areas)
            {
                using (writer.Block($"if (api == typeof({interfaceOf(area)}))"))
                {
                    writer.Line("return method switch");
                    writer.Line("{");
                    using (writer.Indent())
                    {
                        foreach (var (method, field) in methods)
                        {
                            writer.Line($"\"{method}\" => {field},");
                        }

                        writer.Line("_ => null,");
                    }

                    writer.Line("};");
                }

                writer.Line();
            }

            writer.Line("return null;");
        }
    }

    /// <summary>A read-only list property of table fields.</summary>
    private static void FieldList(CodeWriter writer, string name, IEnumerable<string> fields)
    {
        writer.Line($"public static IReadOnlyList<CoderOperation> {name} {{ get; }} =");
        writer.Line("[");
        using (writer.Indent())
        {
            foreach (var field in fields)
            {
                writer.Line($"{field},");
            }
        }

        writer.Line("];");
    }

    private static string Versions(OperationModel operation) => Versions(operation.Since, operation.Until);

    /// <summary>The operation's credential when it is not the session token (the spec's security scheme, named).</summary>
    private static string Credential(SpecOperation operation) => CredentialOf(operation) switch
    {
        "SessionToken" => string.Empty,
        var other => $", Credential: CoderCredential.{other}",
    };

    /// <summary>
    /// The <c>CoderCredential</c> member an operation authenticates with, from its security scheme: the session token
    /// (or no scheme stated), the provisioner key, the SCIM key (the spec's <c>Authorization</c> scheme, used only by
    /// the SCIM routes) or the AI gateway key. Any other scheme stops the generator, so a new one is handled on purpose.
    /// </summary>
    internal static string CredentialOf(SpecOperation operation) => operation.Security switch
    {
        null or "" or "CoderSessionToken" => "SessionToken",
        "CoderProvisionerKey" => "ProvisionerKey",
        "Authorization" when operation.Path.StartsWith("/scim/", StringComparison.Ordinal) => "ScimApiKey",
        "AIGatewayKey" => "AIGatewayKey",
        var scheme => throw new GeneratorException($"{operation.Key} names the security scheme '{scheme}', which the generator does not know: add it to OperationTableEmitter.CredentialOf and to CoderCredential."),
    };

    private static string Versions(string? since, string? until) => (since, until) switch
    {
        (null, null) => string.Empty,
        (var first, null) => $", Since: \"{first}\"",
        (null, var last) => $", Until: \"{last}\"",
        var (first, last) => $", \"{first}\", \"{last}\"",
    };

    /// <summary>The table field of an operation: area and method name without <c>Async</c>.</summary>
    public static string Field(string area, OperationModel operation) =>
        area + (operation.Name.EndsWith("Async", StringComparison.Ordinal) ? operation.Name[..^5] : operation.Name);
}
