using System.Net;
using System.Text;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>One HTTP request the SDK sent and the answer Prism gave, as seen on the wire.</summary>
internal sealed class Exchange
{
    public required HttpMethod Method { get; init; }

    public required Uri Uri { get; init; }

    public required IReadOnlyList<KeyValuePair<string, string>> RequestHeaders { get; init; }

    public string? RequestContentType { get; init; }

    public byte[] RequestBody { get; init; } = [];

    public HttpStatusCode? Status { get; set; }

    public string? ResponseContentType { get; set; }

    public IReadOnlyList<KeyValuePair<string, string>> ResponseHeaders { get; set; } = [];

    public byte[] ResponseBody { get; set; } = [];

    /// <summary>What the harness changed in the response to undo a documented spec defect.</summary>
    public List<string> Adaptations { get; } = [];

    public string? TransportError { get; set; }

    /// <summary>Paths of the properties the spec declares in the body the SDK was given (after adaptations).</summary>
    public IReadOnlySet<string> DeclaredResponseProperties { get; set; } = new HashSet<string>();

    public string? ResponseHeader(string name) =>
        ResponseHeaders.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append("  sent: ").Append(Method).Append(' ').Append(Uri.PathAndQuery).AppendLine();
        if (RequestBody.Length > 0)
        {
            text.Append("  body (").Append(RequestContentType).Append("): ").AppendLine(Excerpt(RequestBody, 600));
        }

        if (TransportError is not null)
        {
            text.Append("  transport error: ").AppendLine(TransportError);
            return text.ToString();
        }

        text.Append("  answer: ").Append((int?)Status).Append(' ').Append(Status).Append(" (").Append(ResponseContentType ?? "no content type").Append(", ")
            .Append(ResponseBody.Length).AppendLine(" bytes)");
        if (ResponseHeader("sl-violations") is { } violations)
        {
            text.Append("  sl-violations: ").AppendLine(violations);
        }

        if (ResponseBody.Length > 0)
        {
            text.Append("  response: ").AppendLine(Excerpt(ResponseBody, 600));
        }

        foreach (var adaptation in Adaptations)
        {
            text.Append("  adapted: ").AppendLine(adaptation);
        }

        return text.ToString();
    }

    public static string Excerpt(byte[] body, int max)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, max * 4));
        text = text.Replace('\n', ' ').Replace('\r', ' ');
        return text.Length > max ? text[..max] + "…" : text;
    }
}
