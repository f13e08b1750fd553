using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Emit;

/// <summary>
/// Writes the list-all walks: for every operation that pages with <c>limit</c> and <c>offset</c> (or <c>limit</c> and
/// <c>after_id</c>), an extension method that enumerates every item lazily and one that enumerates the pages.
/// </summary>
/// <remarks>
/// One naming rule: the word <c>All</c> goes after the method's first word for the items
/// (<c>ListLogsAsync</c> -> <c>ListAllLogsAsync</c>, <c>GetMembersAsync</c> -> <c>GetAllMembersAsync</c>), and
/// <c>Pages</c> before <c>Async</c> for the pages (<c>ListLogsPagesAsync</c>). The items are the answer itself when it is
/// a list, or the one list property of the answer; a <c>count</c> property is the total, and with a <c>count_cap</c>
/// a count that reached the cap is only a lower bound.
/// </remarks>
internal static class PagingEmitter
{
    /// <summary>A paged operation and how to read its pages.</summary>
    public sealed record PagedOperation(OperationModel Operation, CsType Item, string? ItemsProperty, bool ItemsNullable, string? CountProperty, string? CapProperty, bool ByOffset);

    public static IReadOnlyList<PagedOperation> Find(IEnumerable<OperationModel> operations) =>
        [.. operations.Select(Describe).OfType<PagedOperation>()];

    private static PagedOperation? Describe(OperationModel operation)
    {
        bool Has(string wire) => operation.Parameters.Any(p => p.WireName == wire && p.Style == ParameterStyle.Query);
        if (operation.Response.Kind != ResponseKind.Json || !Has("limit"))
        {
            return null;
        }

        var byOffset = Has("offset");
        if (!byOffset && !Has("after_id"))
        {
            return null;
        }

        var response = operation.Response.Type!;
        if (response is ListType list)
        {
            return byOffset || HasId(list.Element) ? new PagedOperation(operation, list.Element, null, false, null, null, byOffset) : null;
        }

        if (response is not NamedType { Model: { IsEnum: false } model })
        {
            return null;
        }

        var lists = model.Properties.Where(p => p.Type is ListType).ToList();
        if (lists.Count != 1)
        {
            return null;
        }

        var items = lists[0];
        var element = ((ListType)items.Type).Element;
        var count = model.Properties.FirstOrDefault(p => p.JsonName == "count" && p.Type.Render() == "long" && !p.Nullable);
        var cap = model.Properties.FirstOrDefault(p => p.JsonName == "count_cap" && p.Type.Render() == "long");
        return byOffset || HasId(element)
            ? new PagedOperation(operation, element, items.Name, items.Nullable, count?.Name, count is null ? null : cap?.Name, byOffset)
            : null;
    }

    private static bool HasId(CsType type) =>
        type is NamedType { Model: var model } && model.Properties.Any(p => p.JsonName == "id" && p.Type.Render() == "Guid" && !p.Nullable);

    public static string ItemsName(OperationModel operation) => Insert(operation.Name, "All");

    public static string PagesName(OperationModel operation) => operation.Name[..^"Async".Length] + "PagesAsync";

    private static string Insert(string name, string word)
    {
        var second = 1;
        while (second < name.Length && !char.IsUpper(name[second]))
        {
            second++;
        }

        return name[..second] + word + name[second..];
    }

    public static string Emit(IReadOnlyList<IGrouping<string, OperationModel>> areas, IReadOnlyList<PagedOperation> paged)
    {
        var writer = CodeWriter.CSharp("CoderSdk.Workflows", "CoderSdk.Apis", "CoderSdk.Models");
        foreach (var area in areas)
        {
            var mine = paged.Where(p => p.Operation.Area == area.Key).OrderBy(p => p.Operation.Name, StringComparer.Ordinal).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            var api = ApiEmitter.InterfaceName(area.Key);
            writer.Line($"/// <summary>Workflows built on <see cref=\"{api}\"/>.</summary>");
            using (writer.Block($"public static partial class {area.Key}ApiExtensions"))
            {
                foreach (var page in mine)
                {
                    WriteWalk(writer, api, page, pages: false);
                    WriteWalk(writer, api, page, pages: true);
                }
            }

            writer.Line();
        }

        return writer.ToString();
    }

    private static void WriteWalk(CodeWriter writer, string api, PagedOperation paged, bool pages)
    {
        var operation = paged.Operation;
        var item = paged.Item.Render();
        var kept = operation.Parameters.Where(p => p.WireName is not ("limit" or "offset" or "after_id")).ToList();
        var name = pages ? PagesName(operation) : ItemsName(operation);
        var walk = paged.ByOffset ? "limit/offset" : "limit/after_id (keyset)";
        writer.Line(pages
            ? $"/// <summary>Enumerates the pages of <see cref=\"{api}.{operation.Name}\"/> ({walk} paging), one request per page, fetched as the enumeration reaches it.</summary>"
            : $"/// <summary>Enumerates every item of <see cref=\"{api}.{operation.Name}\"/> ({walk} paging), one request per page, fetched as the enumeration reaches it.</summary>");
        writer.Line("/// <param name=\"api\">The area to call.</param>");
        foreach (var parameter in kept)
        {
            writer.Line($"/// <param name=\"{parameter.Name.TrimStart('@')}\">As for <see cref=\"{api}.{operation.Name}\"/>.</param>");
        }

        writer.Line("/// <param name=\"pageSize\">Items per request (the <c>limit</c>).</param>");
        writer.Line("/// <param name=\"cancellationToken\">Cancels the enumeration.</param>");
        writer.Line(pages
            ? "/// <returns>Each page with its items, the request that fetched it and, where coderd counts, the total.</returns>"
            : "/// <returns>The items, in coderd's order; stop early and no further pages are fetched.</returns>");
        var parameters = kept.Select(p => p.Required ? $"{p.Type.Render()} {p.Name}" : $"{p.Type.Render(nullable: true)} {p.Name} = null")
            .Prepend($"this {api} api")
            .Append("int pageSize = CoderPager.DefaultPageSize")
            .Append("CancellationToken cancellationToken = default");
        var returns = pages ? $"IAsyncEnumerable<CoderPage<{item}>>" : $"IAsyncEnumerable<{item}>";
        if (operation.Spec.Deprecated)
        {
            // Calls an [Obsolete] method, so it is obsolete too (a walk that is not would fail the build with CS0618).
            writer.Line("[Obsolete(\"coderd marks this endpoint deprecated.\")]");
        }

        using (writer.Block($"public static {returns} {name}({string.Join(", ", parameters)})"))
        {
            writer.Line("ArgumentNullException.ThrowIfNull(api);");
            var arguments = string.Join(", ", kept.Select(p => $"{p.Name}: {p.Name}")
                .Append("limit: page.Limit")
                .Append(paged.ByOffset ? "offset: page.Offset" : "afterId: page.AfterId")
                .Append("cancellationToken: token"));
            var call = $"await api.{operation.Name}({arguments}).ConfigureAwait(false)";
            string fetch;
            if (paged.ItemsProperty is null)
            {
                fetch = $"async (page, token) => new CoderPage<{item}>({call}, null, page)";
            }
            else
            {
                var items = paged.ItemsNullable ? $"response.{paged.ItemsProperty} ?? []" : $"response.{paged.ItemsProperty}";
                var count = paged.CountProperty is null ? "null"
                    : paged.CapProperty is null ? $"response.{paged.CountProperty}"
                    : $"CoderPager.Capped(response.{paged.CountProperty}, response.{paged.CapProperty})";
                fetch = $"async (page, token) => {{ var response = {call}; return new CoderPage<{item}>({items}, {count}, page); }}";
            }

            var enumerate = paged.ByOffset
                ? $"CoderPager.Enumerate{(pages ? "Pages" : string.Empty)}Async<{item}>({fetch}, pageSize, cancellationToken)"
                : $"CoderPager.Enumerate{(pages ? "Pages" : string.Empty)}AfterIdAsync<{item}>({fetch}, static item => item.Id, pageSize, cancellationToken)";
            writer.Line($"return {enumerate};");
        }

        writer.Line();
    }
}
