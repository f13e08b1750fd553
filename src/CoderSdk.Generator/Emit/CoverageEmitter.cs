using System.Globalization;
using System.Text;
using CoderSdk.Generator.Docs;

namespace CoderSdk.Generator.Emit;

/// <summary>Writes <c>docs/api-coverage.md</c>: what the SDK covers, what it leaves out and why, and every spec fix applied.</summary>
internal static class CoverageEmitter
{
    public static string Emit(GeneratedApi api)
    {
        var text = new StringBuilder();
        void Line(string line = "") => text.Append(line).Append('\n');
        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

        var total = api.Operations.Count + api.Streams.Count + api.Excluded.Count;
        Line("# API coverage");
        Line();
        Line("Written by `src/CoderSdk.Generator` (see [generator.md](generator.md)); do not edit by hand.");
        Line();
        Line($"- Spec operations reachable from `ICoderClient`: **{N(api.Operations.Count + api.Streams.Count)} / {N(total)}**: {N(api.Operations.Count)} request/response calls on the Refit interfaces, {N(api.Streams.Count)} streams followed by typed methods; {N(api.Excluded.Count)} left out, listed below.");
        Line($"- Spec definitions: **{N(api.DefinitionCount)}**. Generated as types: **{N(api.GeneratedDefinitionCount)} / {N(api.DefinitionCount)}**; mapped to built-in types: {N(api.Aliases.Count)}; inline objects generated as their own types: {N(api.InlineTypeCount)}.");
        if (api.AddedDefinitions.Count > 0)
        {
            Line($"- Definitions the spec lacks, added by the overrides: {string.Join(", ", api.AddedDefinitions.Select(d => $"`{d}`"))}.");
        }

        Line($"- API areas: {N(api.Areas.Count)}. Each is a Refit interface that Refit's source generator implements (generated request building only); the SDK's operation table (`CoderOperations`) carries each method's exact success statuses.");
        Line($"- List-all walks generated (items and pages): {N(api.Walks.Count)}.");
        Line();
        Line("## Areas");
        Line();
        Line("| Property | Interface | Operations | Spec tags |");
        Line("| --- | --- | ---: | --- |");
        foreach (var area in api.Areas)
        {
            var tags = string.Join(", ", area.Select(o => o.Spec.Tag).Distinct().Order(StringComparer.Ordinal));
            Line($"| `client.{area.Key}` | `{ApiEmitter.InterfaceName(area.Key)}` | {N(area.Count())} | {tags} |");
        }

        var table = CompatibilityEmitter.Table(api);
        if (table.Count > 0)
        {
            Line();
            Line("## Releases");
            Line();
            Line($"The generator compares the pinned spec ({api.Release}) with the spec of each release below, from {api.History.Oldest} (the oldest supported) on. " +
                "An operation newer than the oldest release carries the release that introduced it: in its XML docs, in the Since column below, and at run time, where a 404 from a server older than that becomes `CoderNotSupportedException`. " +
                "A model property newer than its model is nullable, because servers before that release leave it out. See [versions.md](versions.md).");
            Line();
            foreach (var line in table)
            {
                Line(line);
            }

            var newer = api.Types.SelectMany(t => t.Properties.Where(p => p.Since is not null)).Count();
            Line();
            Line($"Model properties newer than their model (nullable for that reason): {N(newer)}. Models newer than {api.History.Oldest}: {N(api.Types.Count(t => t.Since is not null))}.");
        }

        Line();
        Line("## Streams");
        Line();
        Line("WebSocket and server-sent-event endpoints, each followed by a typed `IAsyncEnumerable` method (or a session for a two-way stream); see [streaming.md](streaming.md).");
        Line();
        Line("| Method | Route | Operation id | Followed by | Since |");
        Line("| --- | --- | --- | --- | --- |");
        foreach (var (stream, method) in api.Streams)
        {
            var since = api.History.Operation(stream.Spec.Method, stream.Spec.Path)?.Since is { } s && s != api.History.Oldest ? s : string.Empty;
            Line($"| {stream.Spec.Method} | `{stream.Spec.Path}` | {stream.Spec.OperationId} | `{method}` | {since} |");
        }

        Line();
        Line("## Operations left out");
        Line();
        Line("| Method | Route | Operation id | Reason |");
        Line("| --- | --- | --- | --- |");
        foreach (var excluded in api.Excluded)
        {
            Line($"| {excluded.Spec.Method} | `{excluded.Spec.Path}` | {excluded.Spec.OperationId} | {excluded.Reason} |");
        }

        Line();
        Line("## Parameters not taken");
        Line();
        Line("| Method | Route | Parameter | Reason |");
        Line("| --- | --- | --- | --- |");
        foreach (var operation in api.Operations)
        {
            foreach (var (name, reason) in operation.Dropped)
            {
                Line($"| {operation.Spec.Method} | `{operation.Spec.Path}` | `{name}` | {reason} |");
            }
        }

        Line();
        Line("## Success statuses added for real coderd");
        Line();
        Line("| Method | Route | Spec | Accepted |");
        Line("| --- | --- | --- | --- |");
        foreach (var operation in api.Operations.Where(o => o.ExtraStatuses.Count > 0))
        {
            var spec = DocComposer.Statuses(operation.Statuses.Except(operation.ExtraStatuses));
            Line($"| {operation.Spec.Method} | `{operation.Spec.Path}` | {spec} | {DocComposer.Statuses(operation.Statuses)} |");
        }

        Line();
        Line("## Definitions mapped to built-in types");
        Line();
        Line("| Definition | C# type |");
        Line("| --- | --- |");
        foreach (var (definition, outcome) in api.Aliases)
        {
            Line($"| `{definition}` | `{outcome}` |");
        }

        Line();
        Line("## Methods");
        Line();
        Line("Credential: what the SDK authenticates the call with, from the operation's security scheme: the session token");
        Line("(`SessionToken`), `CoderClientOptions.ProvisionerKey` (`Coder-Provisioner-Daemon-Key` header),");
        Line("`CoderClientOptions.ScimApiKey` (`Authorization: Bearer`), or the AI gateway key (streams only). A call whose");
        Line("credential is not set fails with `CoderConfigurationException` before anything is sent; the session token is");
        Line("never sent where the scheme is another.");
        Line();
        Line("| Method | Route | C# | Since | Credential |");
        Line("| --- | --- | --- | --- | --- |");
        foreach (var operation in api.Operations.OrderBy(o => o.Spec.Key, StringComparer.Ordinal))
        {
            var since = operation.Since ?? string.Empty;
            if (operation.Until is { } until)
            {
                since += $" (until {until})";
            }

            Line($"| {operation.Spec.Method} | `{operation.Spec.Path}` | `{operation.Area}.{operation.Name}` | {since} | {OperationTableEmitter.CredentialOf(operation.Spec)} |");
        }

        if (api.Walks.Count > 0)
        {
            Line();
            Line("## List-all walks");
            Line();
            Line("Extension methods on the area, for every operation that pages with `limit`/`offset` or `limit`/`after_id`:");
            Line();
            Line("| Operation | Items | Pages | Paging |");
            Line("| --- | --- | --- | --- |");
            foreach (var walk in api.Walks)
            {
                Line(walk);
            }
        }

        if (api.Renamed.Count > 0)
        {
            Line();
            Line("## Renamed models");
            Line();
            Line("A model whose name .NET code commonly imports from elsewhere too gets the prefix `Coder`, so `using CoderSdk.Models;` next to, say, `Microsoft.Extensions.Logging` stays unambiguous:");
            Line();
            foreach (var renamed in api.Renamed)
            {
                Line($"- {renamed}");
            }
        }

        if (api.Warnings.Count > 0)
        {
            Line();
            Line("## Generator warnings");
            Line();
            foreach (var warning in api.Warnings)
            {
                Line($"- {warning}");
            }
        }

        return text.ToString();
    }
}
