using System.Text;

namespace CoderSdk.Testing;

/// <summary>
/// coderd's workspace search syntax, parsed the way coderd's searchquery package does: space-separated
/// <c>key:value</c> terms, values optionally in double quotes (so they may contain spaces or ':'), and bare words
/// matched against the name (or <c>owner/name</c>).
/// </summary>
internal sealed class FakeWorkspaceFilter
{
    private readonly List<(string Key, string Value)> _terms = [];

    public string? Error { get; private set; }

    public IReadOnlyList<(string Key, string Value)> Terms => _terms;

    public static FakeWorkspaceFilter Parse(string query)
    {
        var filter = new FakeWorkspaceFilter();
        var terms = SearchTerms(query.ToLowerInvariant(), out var error);
        if (error is not null)
        {
            filter.Error = error;
            return filter;
        }

        foreach (var (key, value) in terms)
        {
            if (key is not ("owner" or "name" or "template" or "status" or "organization" or "has-agent" or "deleted" or "outdated" or "dormant" or "last_used_before" or "last_used_after" or "id"))
            {
                filter.Error = $"Query param \"{key}\" is not a valid query param";
                return filter;
            }

            if (key is "last_used_before" or "last_used_after" && !DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _))
            {
                filter.Error = $"Query param \"{key}\" must be a valid date format (RFC3339Nano): \"{value}\"";
                return filter;
            }

            filter._terms.Add((key, value));
        }

        return filter;
    }

    public bool Matches(FakeWorkspace workspace, FakeCoderState state, FakeUser caller)
    {
        var includeDeleted = _terms.Any(t => t.Key == "deleted" && t.Value == "true");
        if (workspace.Deleted != includeDeleted)
        {
            return false;
        }

        foreach (var (key, value) in _terms)
        {
            var ok = key switch
            {
                "owner" => value == "me" ? workspace.OwnerId == caller.Id : string.Equals(state.User(workspace.OwnerId)?.Username, value, StringComparison.OrdinalIgnoreCase),
                "name" => workspace.Name.Contains(value, StringComparison.OrdinalIgnoreCase),
                "template" => string.Equals(state.Template(workspace.TemplateId)?.Name, value, StringComparison.OrdinalIgnoreCase),
                "status" => string.Equals(state.WorkspaceStatus(state.LatestBuild(workspace)), value, StringComparison.OrdinalIgnoreCase),
                "organization" => string.Equals(state.Organization(workspace.OrganizationId)?.Name, value, StringComparison.OrdinalIgnoreCase) || workspace.OrganizationId.ToString() == value,
                "outdated" => (state.LatestBuild(workspace).TemplateVersionId != state.Template(workspace.TemplateId)!.ActiveVersionId) == (value == "true"),
                "dormant" => (workspace.DormantAt is not null) == (value == "true"),
                "has-agent" => state.AgentsOf(state.LatestBuild(workspace)).Any(a => a.Status == value),
                "last_used_before" => workspace.LastUsedAt < DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
                "last_used_after" => workspace.LastUsedAt > DateTimeOffset.Parse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal),
                "id" => workspace.Id.ToString() == value,
                _ => true,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// coderd's searchquery parser: split on spaces outside double quotes (a quote toggles quoting; there is no escape),
    /// join the words without ':' into one term, split each term once on ':' outside quotes and trim quotes from both
    /// parts. A term without ':' is a workspace name, or <c>owner/name</c>.
    /// </summary>
    internal static List<(string Key, string Value)> SearchTerms(string query, out string? error)
    {
        error = null;
        var terms = new List<(string, string)>();
        var tokens = Split(query, ' ');
        var words = tokens.Where(t => !t.Contains(':')).ToList();
        var elements = tokens.Where(t => t.Contains(':')).ToList();
        if (words.Count > 0)
        {
            elements.Add(string.Join(' ', words));
        }

        foreach (var element in elements)
        {
            if (element.StartsWith(':') || element.EndsWith(':'))
            {
                error = $"Query element \"{element}\" cannot start or end with ':'";
                return terms;
            }

            var parts = Split(element, ':').Select(p => p.Trim('"')).ToList();
            switch (parts.Count)
            {
                case 1:
                    var names = Split(element, '/').Select(p => p.Trim('"')).ToList();
                    if (names.Count > 2)
                    {
                        error = $"Query element \"{element}\" can only contain 1 '/'";
                        return terms;
                    }

                    if (names.Count == 2)
                    {
                        terms.Add(("owner", names[0]));
                    }

                    terms.Add(("name", names[^1]));
                    break;
                case 2:
                    terms.Add((parts[0], parts[1]));
                    break;
                default:
                    error = $"Query element \"{element}\" can only contain 1 ':'";
                    return terms;
            }
        }

        return terms;
    }

    /// <summary>Go's strings.FieldsFunc with a quote-toggling predicate: empty fields are dropped.</summary>
    private static List<string> Split(string text, char delimiter)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (!quoted && c == delimiter)
            {
                if (current.Length > 0)
                {
                    fields.Add(current.ToString());
                    current.Clear();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            fields.Add(current.ToString());
        }

        return fields;
    }
}
