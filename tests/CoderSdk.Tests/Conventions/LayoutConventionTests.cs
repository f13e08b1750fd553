using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoderSdk.Tests.Conventions;

/// <summary>
/// The hand-written sources of the three packages declare at most one public top-level type per file, in a file named
/// after it (<c>CoderClient.cs</c>, or <c>FakeCoderServer.Streams.cs</c> for a part of a partial type), so a type is
/// found from its name. Generated code follows the generator's own rule (one model or area per file).
/// </summary>
public sealed class LayoutConventionTests
{
    public static TheoryData<string> Packages => new() { "CoderSdk", "CoderSdk.Testing", "CoderSdk.AspNetCore" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void HandWrittenFiles_HoldOnePublicTypeEach_NamedAfterIt(string package)
    {
        var root = Path.Combine(TestPaths.RepositoryRoot, "src", package);
        var sep = Path.DirectorySeparatorChar;
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}Generated{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            var topLevel = tree.GetCompilationUnitRoot().Members
                .SelectMany(m => m is BaseNamespaceDeclarationSyntax ns ? ns.Members : [m])
                .Where(m => m.Modifiers.Any(SyntaxKind.PublicKeyword))
                .Select(Name)
                .ToList();
            var owner = Path.GetFileName(file).Split('.')[0];
            var relative = Path.GetRelativePath(root, file);
            if (topLevel.Count > 1)
            {
                problems.Add($"{relative} declares {topLevel.Count} public types: {string.Join(", ", topLevel)}");
            }
            else if (topLevel is [var only] && only != owner)
            {
                problems.Add($"{relative} declares {only}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static string Name(MemberDeclarationSyntax member) => member switch
    {
        BaseTypeDeclarationSyntax type => type.Identifier.Text,
        DelegateDeclarationSyntax d => d.Identifier.Text,
        _ => member.Kind().ToString(),
    };
}
