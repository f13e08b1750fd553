using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CoderSdk.Tests.Conventions;

/// <summary>
/// Folder = namespace: a file in <c>src/&lt;Package&gt;/A/B</c> declares namespace <c>&lt;Package&gt;.A.B</c>, so a type is
/// found from its namespace and a concern from its folder. Generated code lives under <c>Generated/</c>, which mirrors
/// the same namespaces (<c>Generated/Models</c> is <c>CoderSdk.Models</c>). The one exception is .NET's own convention
/// for registration extensions: the <c>Add…</c>/<c>Map…</c> methods on <c>IServiceCollection</c>, <c>IHostApplicationBuilder</c>,
/// <c>IHttpClientBuilder</c>, <c>IHealthChecksBuilder</c> and <c>IEndpointRouteBuilder</c> live
/// in those interfaces' namespaces, so they show up without a <c>using</c>; the types they register do not.
/// </summary>
public sealed class NamespaceConventionTests
{
    public static TheoryData<string> Packages => new() { "CoderSdk", "CoderSdk.Testing", "CoderSdk.AspNetCore" };

    private static readonly HashSet<string> RegistrationNamespaces = new(StringComparer.Ordinal)
    {
        "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting",
        "Microsoft.AspNetCore.Builder",
    };

    [Theory]
    [MemberData(nameof(Packages))]
    public void EveryFile_DeclaresTheNamespaceOfItsFolder(string package)
    {
        var root = Path.Combine(TestPaths.RepositoryRoot, "src", package);
        var sep = Path.DirectorySeparatorChar;
        var problems = new List<string>();
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}obj{sep}", StringComparison.Ordinal) && !f.Contains($"{sep}bin{sep}", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file);
            var expected = Expected(package, relative);
            var unit = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetCompilationUnitRoot();
            foreach (var ns in unit.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>())
            {
                var name = ns.Name.ToString();
                if (name == expected || (RegistrationNamespaces.Contains(name) && OnlyRegistrationExtensions(ns)))
                {
                    continue;
                }

                problems.Add($"{relative} declares {name}; its folder is {expected}");
            }

            if (!unit.Members.OfType<BaseNamespaceDeclarationSyntax>().Any() && unit.Members.OfType<BaseTypeDeclarationSyntax>().Any())
            {
                problems.Add($"{relative} declares types in the global namespace");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Expected_MapsFoldersToNamespaces()
    {
        Assert.Equal("CoderSdk", Expected("CoderSdk", "CoderClient.cs"));
        Assert.Equal("CoderSdk.Errors", Expected("CoderSdk", Path.Combine("Errors", "CoderException.cs")));
        Assert.Equal("CoderSdk.Models", Expected("CoderSdk", Path.Combine("Generated", "Models", "Workspace.cs")));
        Assert.Equal("CoderSdk", Expected("CoderSdk", Path.Combine("Generated", "CoderClient.Apis.cs")));
    }

    /// <summary>The namespace a file at <paramref name="relative"/> inside <paramref name="package"/> must declare.</summary>
    private static string Expected(string package, string relative)
    {
        var folders = Path.GetDirectoryName(relative)!
            .Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries)
            .SkipWhile((f, i) => i == 0 && f == "Generated");
        return string.Join('.', new[] { package }.Concat(folders));
    }

    /// <summary>True when <paramref name="ns"/> holds only static classes of extension methods on the registration types.</summary>
    private static bool OnlyRegistrationExtensions(BaseNamespaceDeclarationSyntax ns) =>
        ns.Members.All(m => m is ClassDeclarationSyntax c
            && c.Modifiers.Any(SyntaxKind.StaticKeyword)
            && c.Members.OfType<MethodDeclarationSyntax>().Where(x => x.Modifiers.Any(SyntaxKind.PublicKeyword)).All(x =>
                x.ParameterList.Parameters.FirstOrDefault() is { } first
                && first.Modifiers.Any(SyntaxKind.ThisKeyword)
                && first.Type?.ToString() is "IServiceCollection" or "IHostApplicationBuilder" or "IHttpClientBuilder" or "IHealthChecksBuilder" or "IEndpointRouteBuilder"));
}
