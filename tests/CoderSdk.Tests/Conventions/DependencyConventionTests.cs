using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoderSdk.Tests.Conventions;

/// <summary>
/// The SDK's folders (each one namespace, see <see cref="NamespaceConventionTests"/>) depend on each other without
/// cycles, so each concern can be read, tested and changed from the ones below it. The graph is built from the
/// compiler's own binding of every name in <c>src/CoderSdk</c>: a file in namespace A that names a type (or calls an
/// extension method) declared in namespace B is an edge A → B.
/// </summary>
public sealed class DependencyConventionTests
{
    [Fact]
    public void Namespaces_DependOnEachOther_WithoutCycles()
    {
        var graph = SourceGraph.Build(Path.Combine(TestPaths.RepositoryRoot, "src", "CoderSdk"));
        Assert.True(graph.Edges.Count > 10, $"the graph has only {graph.Edges.Count} edges; the binder did not see the sources");

        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, "Namespaces that depend on each other (one example each way):\n" + string.Join("\n\n", cycles.Select(graph.Describe)));
    }

    [Fact]
    public void CycleFinder_ReportsACycle_AndNotAChain()
    {
        var chain = new SourceGraph(new Dictionary<(string, string), string> { [("A", "B")] = "a", [("B", "C")] = "b" });
        Assert.Empty(chain.Cycles());

        var loop = new SourceGraph(new Dictionary<(string, string), string> { [("A", "B")] = "a", [("B", "C")] = "b", [("C", "A")] = "c", [("C", "D")] = "d" });
        var cycle = Assert.Single(loop.Cycles());
        Assert.Equal(["A", "B", "C"], cycle.Order());
    }
}

/// <summary>Namespace-to-namespace dependencies of one project's sources, with one witness per edge.</summary>
internal sealed class SourceGraph(IReadOnlyDictionary<(string From, string To), string> edges)
{
    public IReadOnlyDictionary<(string From, string To), string> Edges { get; } = edges;

    public static SourceGraph Build(string projectDirectory)
    {
        var sep = Path.DirectorySeparatorChar;
        var parse = new CSharpParseOptions(LanguageVersion.Preview, preprocessorSymbols: ["NET", "NET8_0_OR_GREATER", "NET9_0_OR_GREATER", "NET10_0_OR_GREATER", "NET10_0", "RELEASE"]);
        var trees = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .ToList();
        var ours = new HashSet<string>(["CoderSdk.dll", "CoderSdk.Testing.dll", "CoderSdk.AspNetCore.dll"], StringComparer.OrdinalIgnoreCase);
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !ours.Contains(Path.GetFileName(p)))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("CoderSdk", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        var edges = new Dictionary<(string, string), string>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            var root = tree.GetCompilationUnitRoot();
            foreach (var ns in root.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                var from = ns.Name.ToString();
                foreach (var node in ns.DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    var info = model.GetSymbolInfo(node);
                    var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                    var type = Owner(symbol);
                    if (type is null || !type.DeclaringSyntaxReferences.Any(r => compilation.SyntaxTrees.Contains(r.SyntaxTree)))
                    {
                        continue;
                    }

                    var to = type.ContainingNamespace.ToDisplayString();
                    if (to != from && !edges.ContainsKey((from, to)))
                    {
                        var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        edges[(from, to)] = $"{Path.GetRelativePath(projectDirectory, tree.FilePath)}:{line} names {type.ToDisplayString()}";
                    }
                }
            }
        }

        return new SourceGraph(edges);
    }

    /// <summary>The strongly connected groups of more than one namespace (Tarjan's algorithm).</summary>
    public IReadOnlyList<Cycle> Cycles()
    {
        var next = Edges.Keys.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).OrderBy(x => x, StringComparer.Ordinal).ToList());
        var nodes = Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct().OrderBy(x => x, StringComparer.Ordinal).ToList();
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<Cycle>();

        void Visit(string v)
        {
            index[v] = low[v] = index.Count;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in next.GetValueOrDefault(v) ?? [])
            {
                if (!index.ContainsKey(w))
                {
                    Visit(w);
                    low[v] = Math.Min(low[v], low[w]);
                }
                else if (onStack.Contains(w))
                {
                    low[v] = Math.Min(low[v], index[w]);
                }
            }

            if (low[v] == index[v])
            {
                var group = new List<string>();
                string w;
                do
                {
                    w = stack.Pop();
                    onStack.Remove(w);
                    group.Add(w);
                }
                while (w != v);
                if (group.Count > 1)
                {
                    result.Add(new Cycle(group));
                }
            }
        }

        foreach (var node in nodes.Where(n => !index.ContainsKey(n)))
        {
            Visit(node);
        }

        return result;
    }

    public string Describe(Cycle cycle) => string.Join("\n", Edges
        .Where(e => cycle.Members.Contains(e.Key.From) && cycle.Members.Contains(e.Key.To))
        .OrderBy(e => e.Key.From, StringComparer.Ordinal).ThenBy(e => e.Key.To, StringComparer.Ordinal)
        .Select(e => $"  {e.Key.From} -> {e.Key.To}: {e.Value}"));

    private static INamedTypeSymbol? Owner(ISymbol? symbol) => symbol switch
    {
        null => null,
        INamedTypeSymbol named => named.OriginalDefinition,
        IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType.OriginalDefinition,
        INamespaceSymbol or ITypeParameterSymbol or ILocalSymbol or IParameterSymbol or ILabelSymbol or IRangeVariableSymbol => null,
        _ => symbol.ContainingType?.OriginalDefinition,
    };

    /// <summary>Namespaces that all reach each other.</summary>
    public sealed record Cycle(IReadOnlyList<string> Members)
    {
        public IReadOnlyList<string> Order() => Members.OrderBy(m => m, StringComparer.Ordinal).ToList();
    }
}
