using System.Globalization;
using CoderSdk.Generator.Model;
using CoderSdk.Generator.Naming;

namespace CoderSdk.Generator.Emit;

/// <summary>
/// Writes <c>CoderOperations</c>: one descriptor per generated method (route, HTTP method, exact success statuses and
/// how the answer is read) and a lookup from Refit's request options (interface type + method name) to it, plus the
/// route templates of the stream endpoints the SDK follows by hand. The runtime reads this table instead of
/// attributes, so it needs no reflection, and hand-written code names routes only through it.
/// </summary>
internal static class OperationTableEmitter
{
    public static string Emit(IReadOnlyList<IGrouping<string, OperationModel>> areas, IReadOnlyList<ExcludedOperation> excluded, string oldest, string release)
    {
        var writer = CodeWriter.CSharp("CoderSdk.Http");
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
                    writer.Line($"public static readonly CoderOperation {Field(area.Key, operation)} = new(\"{area.Key}\", \"{operation.Name}\", \"{operation.Spec.OperationId}\", \"{operation.Spec.Method}\", \"{operation.Spec.Path}\", CoderResponseKind.{operation.Response.Kind}, \"{operation.Response.Type?.Render() ?? string.Empty}\", {empty}, [{statuses}]{Versions(operation)});");
                    writer.Line();
                }
            }

            writer.Line("/// <summary>Finds the operation of a Refit method from the interface and method name Refit puts in the request options.</summary>");
            writer.Line("/// <param name=\"api\">The Refit interface.</param>");
            writer.Line("/// <param name=\"method\">The method name.</param>");
            writer.Line("/// <returns>The operation, or <see langword=\"null\"/> for a method the table does not know.</returns>");
            using (writer.Block("public static CoderOperation? Find(Type api, string method)"))
            {
                foreach (var area in areas)
                {
                    using (writer.Block($"if (api == typeof({ApiEmitter.InterfaceName(area.Key)}))"))
                    {
                        writer.Line("return method switch");
                        writer.Line("{");
                        using (writer.Indent())
                        {
                            foreach (var operation in area)
                            {
                                writer.Line($"\"{operation.Name}\" => {Field(area.Key, operation)},");
                            }

                            writer.Line("_ => null,");
                        }

                        writer.Line("};");
                    }

                    writer.Line();
                }

                writer.Line("return null;");
            }

            writer.Line();
            writer.Line("/// <summary>Every operation of the table, in area and method order.</summary>");
            writer.Line("public static IReadOnlyList<CoderOperation> All { get; } =");
            writer.Line("[");
            using (writer.Indent())
            {
                foreach (var area in areas)
                {
                    foreach (var operation in area)
                    {
                        writer.Line($"{Field(area.Key, operation)},");
                    }
                }
            }

            writer.Line("];");
        }

        writer.Line();
        writer.Line("/// <summary>Route templates of the stream endpoints (WebSocket and server-sent events) the SDK follows itself; Refit does not call them.</summary>");
        using (writer.Block("internal static class CoderStreamRoutes"))
        {
            foreach (var operation in excluded.Select(e => e.Spec).Where(s => s.Method == "GET").OrderBy(s => s.Path, StringComparer.Ordinal))
            {
                writer.Line($"/// <summary><c>{operation.Method} {operation.Path}</c> ({operation.OperationId}).</summary>");
                writer.Line($"public const string {Names.Pascal(operation.OperationId)} = \"{operation.Path}\";");
                writer.Line();
            }
        }

        return writer.ToString();
    }

    private static string Versions(OperationModel operation) => (operation.Since, operation.Until) switch
    {
        (null, null) => string.Empty,
        (var since, null) => $", Since: \"{since}\"",
        (null, var until) => $", Until: \"{until}\"",
        var (since, until) => $", \"{since}\", \"{until}\"",
    };

    /// <summary>The table field of an operation: area and method name without <c>Async</c>.</summary>
    public static string Field(string area, OperationModel operation) =>
        area + (operation.Name.EndsWith("Async", StringComparison.Ordinal) ? operation.Name[..^5] : operation.Name);
}
