using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoderSdk.Tests.Docs;

/// <summary>
/// Every <c>```csharp</c> block in README.md and docs/*.md compiles against the SDK, CoderSdk.Testing and
/// CoderSdk.AspNetCore. A block is a fragment: it becomes a top-level program after <see cref="PreludeUsings"/>, with the
/// <see cref="PreludeVariables"/> it uses but does not declare itself; types it declares go after its statements.
/// A block that is not meant to compile is fenced as <c>```text</c>, or, rarely, preceded by
/// <c>&lt;!-- snippet: no-compile (reason) --&gt;</c>.
/// </summary>
public sealed partial class DocSnippetTests
{
    /// <summary>The namespaces every snippet may use without a using directive of its own.</summary>
    public static readonly string[] PreludeUsings =
    [
        "System", "System.Collections.Generic", "System.Linq", "System.Net", "System.Net.Http", "System.Threading",
        "System.Threading.Tasks", "CoderSdk", "CoderSdk.Apis", "CoderSdk.Auth", "CoderSdk.Configuration", "CoderSdk.Errors",
        "CoderSdk.Filters", "CoderSdk.Models", "CoderSdk.Terminal", "CoderSdk.Versions", "CoderSdk.Workflows", "CoderSdk.Testing",
        "Microsoft.AspNetCore.Builder", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "Xunit",
    ];

    /// <summary>The variables snippets use as given (a snippet that declares one of these names keeps its own).</summary>
    public static readonly (string Type, string Name)[] PreludeVariables =
    [
        ("ICoderClient", "coder"), ("CoderClient", "client"), ("CoderClientOptions", "options"), ("string", "token"),
        ("Guid", "templateId"), ("Guid", "organizationId"), ("Uri", "appUrl"),
        ("IServiceCollection", "services"), ("IServiceProvider", "serviceProvider"), ("IConfiguration", "configuration"),
        ("WebApplicationBuilder", "builder"), ("WebApplication", "app"), ("ILoggerFactory", "loggerFactory"), ("ILogger", "logger"),
        ("CancellationToken", "cancellationToken"), ("CancellationToken", "ct"),
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.RepositoryRoot, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryCSharpBlock_Compiles(string file)
    {
        var failures = new List<string>();
        foreach (var snippet in Extract(file, File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, file))))
        {
            var errors = Compile(snippet);
            if (errors.Count > 0)
            {
                failures.Add($"{file}:{snippet.Line}:\n  " + string.Join("\n  ", errors));
            }
        }

        Assert.True(failures.Count == 0, "Code blocks that do not compile:\n" + string.Join("\n", failures));
    }

    [Fact]
    public void Harness_ReportsABlockThatDoesNotCompile_AtItsLine()
    {
        var lines = new[] { "text", "```csharp", "var me = await coder.Users.GetAsync(\"me\");", "me.NoSuchMember();", "```" };

        var snippet = Assert.Single(Extract("fake.md", lines));
        var errors = Compile(snippet);

        Assert.Contains(errors, e => e.Contains("fake.md(4,", StringComparison.Ordinal) && e.Contains("CS1061", StringComparison.Ordinal));
    }

    [Fact]
    public void ModelsAndWireMock_InOneFile_DoNotClash()
    {
        // The README's WireMock recipe imports both; a model named like a WireMock builder would make it ambiguous.
        var snippet = new Snippet("inline", 1,
            "using WireMock.RequestBuilders;\nusing WireMock.ResponseBuilders;\nusing WireMock.Server;\nusing Refit;\n" +
            "var request = Request.Create().WithPath(\"/api/v2/users/me\").UsingGet();\nvar response = Response.Create().WithStatusCode(404);\n" +
            "var user = new User { Username = \"me\" };\n");

        Assert.Empty(Compile(snippet));
    }

    [Fact]
    public void NoModelName_IsATypeNameInNamespacesImportedAlongside()
    {
        string[] namespaces = ["WireMock.RequestBuilders", "WireMock.ResponseBuilders", "WireMock.Server", "Refit", "System", "System.Net.Http"];
        var alongside = new[] { typeof(WireMock.Server.WireMockServer).Assembly, typeof(Refit.RestService).Assembly, typeof(object).Assembly, typeof(HttpClient).Assembly, typeof(Uri).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.Namespace is not null && namespaces.Contains(t.Namespace))
            .Select(t => t.Name.Split('`')[0])
            .ToHashSet(StringComparer.Ordinal);

        var clashes = typeof(CoderSdk.Models.User).Assembly.GetExportedTypes()
            .Where(t => t.Namespace == "CoderSdk.Models" && !t.IsNested && alongside.Contains(t.Name.Split('`')[0]))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Empty(clashes);
    }

    internal sealed record Snippet(string File, int Line, string Code);

    /// <summary>The csharp blocks of a markdown file; <see cref="Snippet.Line"/> is the first code line.</summary>
    internal static IEnumerable<Snippet> Extract(string file, IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var optOut = i > 0 && NoCompile().Match(lines[i - 1]) is { Success: true } m ? m : null;
            var start = i + 1;
            var end = start;
            while (end < lines.Count && lines[end].Trim() != "```")
            {
                end++;
            }

            if (optOut is null)
            {
                yield return new Snippet(file, start + 1, string.Join("\n", lines.Skip(start).Take(end - start)));
            }

            i = end;
        }
    }

    /// <summary>The compiler errors of a snippet in its harness, each with the markdown file and line.</summary>
    internal static IReadOnlyList<string> Compile(Snippet snippet)
    {
        var parsed = CSharpSyntaxTree.ParseText(snippet.Code, CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest));
        var root = (CompilationUnitSyntax)parsed.GetRoot();
        var declared = root.DescendantNodes()
            .Select(n => n switch
            {
                VariableDeclaratorSyntax v => v.Identifier.Text,
                SingleVariableDesignationSyntax d => d.Identifier.Text,
                ForEachStatementSyntax f => f.Identifier.Text,
                ParameterSyntax p => p.Identifier.Text,
                _ => null,
            })
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var used = root.DescendantNodes().OfType<IdentifierNameSyntax>().Select(n => n.Identifier.Text).ToHashSet(StringComparer.Ordinal);

        var text = new StringBuilder();
        foreach (var u in root.Usings)
        {
            text.Append(Located(snippet, u)).AppendLine(u.ToString());
        }

        text.AppendLine("#line hidden");
        foreach (var (type, name) in PreludeVariables.Where(v => used.Contains(v.Name) && !declared.Contains(v.Name)))
        {
            text.AppendLine($"{type} {name} = default!;");
        }

        var members = root.Members;
        foreach (var member in members.OfType<GlobalStatementSyntax>().Concat<MemberDeclarationSyntax>(members.Where(m => m is not GlobalStatementSyntax)))
        {
            text.Append(Located(snippet, member)).AppendLine(member.ToFullString().TrimEnd());
        }

        var prelude = string.Join("\n", PreludeUsings.Select(u => $"global using {u};"));
        var options = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var compilation = CSharpCompilation.Create(
            "Snippet",
            [CSharpSyntaxTree.ParseText(prelude, options, "prelude.cs"), CSharpSyntaxTree.ParseText(text.ToString(), options, "snippet.cs")],
            References.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));

        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => d.ToString())
            .ToList();
    }

    private static string Located(Snippet snippet, SyntaxNode node)
    {
        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + snippet.Line;
        return $"#line {line} \"{snippet.File}\"\n";
    }

    /// <summary>The framework (trusted platform assemblies) and the assemblies next to the tests, minus the test code itself.</summary>
    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in trusted.Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll")))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.StartsWith("CoderSdk.", StringComparison.Ordinal) && name is not ("CoderSdk.Testing" or "CoderSdk.AspNetCore"))
            {
                continue; // the tests, samples and generator are not what users reference
            }

            if (!paths.ContainsKey(name) && IsManaged(path))
            {
                paths[name] = path;
            }
        }

        return paths.Values.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\s*<!--\s*snippet:\s*no-compile\s*\(\s*\S[^)]*\)\s*-->\s*$")]
    private static partial Regex NoCompile();
}
