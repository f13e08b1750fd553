using CoderSdk.Generator.Docs;
using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Emit;

/// <summary>Writes the client's area properties and the JSON context's type registrations.</summary>
internal static class ClientEmitter
{
    public static string EmitClient(IReadOnlyList<IGrouping<string, OperationModel>> areas)
    {
        var writer = CodeWriter.CSharp("CoderSdk", "CoderSdk.Apis");
        using (writer.Block("public partial interface ICoderClient"))
        {
            foreach (var area in areas)
            {
                writer.Line($"/// <summary>The {DocComposer.Xml(area.Key)} endpoints ({DocComposer.Count(area.Count(), "operation")}).</summary>");
                writer.Line($"{ApiEmitter.InterfaceName(area.Key)} {area.Key} {{ get; }}");
                writer.Line();
            }
        }

        writer.Line();
        using (writer.Block("public sealed partial class CoderClient"))
        {
            foreach (var area in areas)
            {
                writer.Line($"private {ApiEmitter.InterfaceName(area.Key)}? {Field(area.Key)};");
            }

            writer.Line();
            foreach (var area in areas)
            {
                writer.Line("/// <inheritdoc />");
                writer.Line($"public {ApiEmitter.InterfaceName(area.Key)} {area.Key} => {Field(area.Key)} ??= Connection.Api<{ApiEmitter.InterfaceName(area.Key)}>();");
                writer.Line();
            }
        }

        return writer.ToString();
    }

    private static string Field(string area) => "_" + char.ToLowerInvariant(area[0]) + area[1..];

    /// <summary>
    /// One <c>[JsonSerializable]</c> per model, plus the lists, maps and raw JSON that operations send or return. Those
    /// get explicit property names (<c>WorkspaceList</c>) so generated calls can name them.
    /// </summary>
    public static string EmitJsonContext(IEnumerable<TypeModel> models, IEnumerable<CsType> operationTypes)
    {
        var writer = CodeWriter.CSharp("CoderSdk.Json", "System.Text.Json", "System.Text.Json.Serialization", "CoderSdk.Models");
        var named = models.Select(m => m.Name).Order(StringComparer.Ordinal).ToList();

        // No model is named like one of these metadata names: ModelBuilder.SettleJsonNames renamed any such model first.
        var others = operationTypes.Where(t => t is not NamedType).DistinctBy(t => t.Key).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var name in named)
        {
            writer.Line($"[JsonSerializable(typeof({name}))]");
        }

        foreach (var type in others)
        {
            writer.Line($"[JsonSerializable(typeof({type.Render()}), TypeInfoPropertyName = \"{type.Key}\")]");
        }

        using (writer.Block("public sealed partial class CoderJsonContext"))
        {
        }

        return writer.ToString();
    }
}
