using System.Text;

namespace CoderSdk.Testing;

/// <summary>
/// coderd's workspace search syntax, as far as the fake server needs it: space-separated <c>key:value</c> terms,
/// values optionally in double quotes (so they may contain spaces), and bare words matched against the name.
/// </summary>
internal sealed class FakeWorkspaceFilter
{
    private readonly List<(string Key, string Value)> _terms = [];

    public string? Error { get; private set; }

    public IReadOnlyList<(string Key, string Value)> Terms => _terms;

    public static FakeWorkspaceFilter Parse(string query)
    {
        var filter = new FakeWorkspaceFilter();
        var tokens = Tokenize(query, out var error);
        foreach (var token in tokens)
        {
            var colon = token.IndexOf(':');
            if (colon < 0)
            {
                filter._terms.Add(("name", token));
                continue;
            }

            var key = token[..colon].ToLowerInvariant();
            var value = token[(colon + 1)..];
            if (key is not ("owner" or "name" or "template" or "status" or "organization" or "has-agent" or "deleted" or "outdated" or "dormant" or "last_used_before" or "last_used_after" or "id"))
            {
                filter.Error = $"Query param \"{key}\" is not a valid query param";
                return filter;
            }

            filter._terms.Add((key, value));
        }

        filter.Error ??= error;
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

    /// <summary>Splits on spaces outside double quotes; inside quotes, <c>\"</c> is a literal quote.</summary>
    internal static List<string> Tokenize(string query, out string? error)
    {
        error = null;
        var tokens = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < query.Length; i++)
        {
            var c = query[i];
            if (quoted && c == '\\' && i + 1 < query.Length && query[i + 1] is '"' or '\\')
            {
                current.Append(query[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            error = "Unterminated quoted value in the search query.";
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }
}
