using System.Text;

namespace CoderSdk.Generator.Naming;

/// <summary>Turns spec names (snake_case, kebab-case, Go names) into C# identifiers.</summary>
internal static class Names
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof",
        "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof", "uint",
        "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>Splits on every character that cannot be part of an identifier.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary><c>created_at</c> -> <c>CreatedAt</c>, <c>regionID</c> -> <c>RegionID</c>; the rest of each word is kept.</summary>
    public static string Pascal(string text) => Pascal(Words(text));

    public static string Pascal(IEnumerable<string> words)
    {
        var builder = new StringBuilder();
        foreach (var word in words)
        {
            builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
        }

        var result = builder.ToString();
        return result.Length > 0 && char.IsAsciiDigit(result[0]) ? "V" + result : result;
    }

    /// <summary><c>include_deleted</c> -> <c>includeDeleted</c>; C# keywords get an <c>@</c>.</summary>
    public static string Camel(string text)
    {
        var pascal = Pascal(text);
        var upper = 0;
        while (upper < pascal.Length && char.IsAsciiLetterUpper(pascal[upper]))
        {
            upper++;
        }

        // "ID" -> "id", "IDs" -> "ids", "URLPath" -> "urlPath".
        var lowerCount = upper == pascal.Length || upper <= 1 ? upper : upper - 1;
        if (upper == 2 && pascal.Length > 2 && pascal[2] == 's')
        {
            lowerCount = 2;
        }

        var camel = pascal[..lowerCount].ToLowerInvariant() + pascal[lowerCount..];
        return Escape(camel);
    }

    public static string Escape(string identifier) => Keywords.Contains(identifier) ? "@" + identifier : identifier;

    /// <summary>The Go package of a definition name (<c>codersdk</c> for <c>codersdk.Workspace</c>).</summary>
    public static string Package(string definition)
    {
        var dot = definition.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? string.Empty : definition[..dot];
    }

    /// <summary>The Go type name of a definition (<c>Workspace</c> for <c>codersdk.Workspace</c>).</summary>
    public static string GoName(string definition)
    {
        var dot = definition.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? definition : definition[(dot + 1)..];
    }

    /// <summary>
    /// The C# name a definition gets before collisions are settled. Generic instantiations such as
    /// <c>RegionsResponse-codersdk_WorkspaceProxy</c> read <c>RegionsResponseOfWorkspaceProxy</c>; arrays become <c>List</c>.
    /// </summary>
    public static string TypeName(string definition)
    {
        var go = GoName(definition);
        var dash = go.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return Pascal(go);
        }

        var arguments = go[(dash + 1)..].Split('_');
        var typeArgument = arguments[^1];
        var lists = arguments.Count(a => a == "array");
        return Pascal(go[..dash]) + "Of" + Pascal(typeArgument) + string.Concat(Enumerable.Repeat("List", lists));
    }
}
