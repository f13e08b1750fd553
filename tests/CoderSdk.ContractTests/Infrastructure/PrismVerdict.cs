using System.Net;
using System.Text.Json;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>Reads Prism's judgement of a request from its answer: its own problem documents and the <c>sl-violations</c> header.</summary>
internal static class PrismVerdict
{
    private const string ProblemPrefix = "https://stoplight.io/prism/errors#";

    /// <summary>Prism's problem types that mean "this request does not match the spec".</summary>
    private static readonly HashSet<string> RequestProblems =
        ["UNPROCESSABLE_ENTITY", "UNAUTHORIZED", "NOT_ACCEPTABLE", "INVALID_CONTENT_TYPE", "NO_METHOD_MATCHED_ERROR"];

    /// <summary>Why Prism rejected the request, or null when it accepted it.</summary>
    public static (ContractCategory Category, string Message)? Rejection(Exchange exchange)
    {
        var problem = Problem(exchange);
        if (problem?.Type == "NO_PATH_MATCHED_ERROR")
        {
            return (ContractCategory.NoPathMatched, $"Prism: {problem.Value.Title}: {problem.Value.Detail}");
        }

        var requestViolations = Violations(exchange, "request");
        if (requestViolations.Count > 0)
        {
            return (ContractCategory.RequestRejected, $"Prism answered {(int?)exchange.Status} with sl-violations: {string.Join("; ", requestViolations)}");
        }

        if (problem is { } p && RequestProblems.Contains(p.Type))
        {
            return (ContractCategory.RequestRejected, $"Prism answered {(int?)exchange.Status} {p.Title}: {p.Detail}{(p.Validation.Length > 0 ? " " + p.Validation : string.Empty)}");
        }

        return null;
    }

    /// <summary>Why Prism could not serve the documented answer to an accepted request, or null when it could.</summary>
    public static string? Limitation(Exchange exchange)
    {
        if (exchange.Status == HttpStatusCode.SwitchingProtocols)
        {
            return "the spec documents 101 Switching Protocols and Prism answers 101 without performing any upgrade, so there is no response to read";
        }

        return Problem(exchange) is { } problem
            ? $"Prism could not build the documented response: {problem.Title} ({problem.Type}, {(int?)exchange.Status})"
            : null;
    }

    private static (string Type, string Title, string Detail, string Validation)? Problem(Exchange exchange)
    {
        if (exchange.ResponseContentType?.Contains("problem+json", StringComparison.OrdinalIgnoreCase) != true || exchange.ResponseBody.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(exchange.ResponseBody);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() ?? string.Empty : string.Empty;
            if (!type.StartsWith(ProblemPrefix, StringComparison.Ordinal))
            {
                return null;
            }

            var validation = root.TryGetProperty("validation", out var v) && v.ValueKind == JsonValueKind.Array
                ? string.Join("; ", v.EnumerateArray().Select(Violation))
                : string.Empty;
            return (type[ProblemPrefix.Length..], Text(root, "title"), Text(root, "detail"), validation);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The <c>sl-violations</c> entries about the request or (<paramref name="side"/> <c>response</c>) about Prism's own
    /// answer: the latter mean a spec example breaks its own schema, or Prism's dynamic generator invented a value
    /// outside an enum; neither is the SDK's problem (and unknown enum values are a fair test of the SDK anyway).
    /// </summary>
    public static IReadOnlyList<string> Violations(Exchange exchange, string side)
    {
        if (exchange.ResponseHeader("sl-violations") is not { } header)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(header);
            return document.RootElement.EnumerateArray()
                .Where(v => !v.TryGetProperty("location", out var location) || location.GetArrayLength() == 0 || location[0].GetString() == side)
                .Select(Violation)
                .ToList();
        }
        catch (JsonException)
        {
            return side == "request" ? [header] : [];
        }
    }

    private static string Violation(JsonElement violation) =>
        $"[{Text(violation, "severity")}] {string.Join('.', violation.TryGetProperty("location", out var l) ? l.EnumerateArray().Select(x => x.ToString()) : [])}: {Text(violation, "message")}";

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ToString() : string.Empty;
}
