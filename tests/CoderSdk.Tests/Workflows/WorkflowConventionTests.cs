using System.Reflection;
using CoderSdk.Json;
using CoderSdk.Tests.Conventions;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Workflows;

/// <summary>The hand-written workflow methods follow the public-surface rules too, and say which endpoints they use.</summary>
public sealed class WorkflowConventionTests
{
    [Fact]
    public void WorkflowMethods_Every_IsAsyncWithAnOptionalCancellationTokenLast()
    {
        Assert.NotEmpty(SdkSurface.WorkflowMethods);
        Assert.All(SdkSurface.WorkflowMethods, m =>
        {
            Assert.EndsWith("Async", m.Name, StringComparison.Ordinal);
            var returns = m.ReturnType;
            Assert.True(typeof(Task).IsAssignableFrom(returns) || (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)), $"{m.Name} returns {returns}");
            var last = m.GetParameters()[^1];
            Assert.Equal(typeof(CancellationToken), last.ParameterType);
            Assert.Equal("cancellationToken", last.Name);
            Assert.True(last.HasDefaultValue, m.Name);
        });
    }

    [Fact]
    public void WorkflowMethods_Every_ExtendsAnAreaInterface()
    {
        // Workflows live beside the interfaces, so a test double of an area implements coderd's operations only.
        Assert.True(SdkSurface.WorkflowMethods.Count >= 20, $"{SdkSurface.WorkflowMethods.Count} workflows.");
        Assert.All(SdkSurface.AreaInterfaces, t => Assert.All(t.GetMethods(), m => Assert.NotNull(m.GetCustomAttribute<Refit.HttpMethodAttribute>())));
    }

    [Fact]
    public void PagedOperations_Every_HasAGeneratedWalkNamedByTheRule()
    {
        // Every operation that pages with limit + offset (or limit + after_id over items with an id) and answers with
        // a list, or with a record holding exactly one list, has two walks: "All" after the first word for the items,
        // "Pages" before "Async" for the pages.
        static Type? Items(Type answer)
        {
            static Type? Element(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? t.GetGenericArguments()[0] : null;
            if (Element(answer) is { } direct)
            {
                return direct;
            }

            var lists = answer.GetProperties().Select(p => Element(p.PropertyType)).OfType<Type>().ToList();
            return lists.Count == 1 ? lists[0] : null;
        }

        var paged = SdkSurface.AreaMethods
            .Where(m => m.GetParameters().Any(p => p.Name == "limit") && m.ReturnType.IsGenericType)
            .Select(m => (Method: m, Item: Items(m.ReturnType.GetGenericArguments()[0]), ByOffset: m.GetParameters().Any(p => p.Name == "offset"), AfterId: m.GetParameters().Any(p => p.Name == "afterId")))
            .Where(p => p.Item is not null && (p.ByOffset || (p.AfterId && p.Item.GetProperty("Id")?.PropertyType == typeof(Guid))))
            .ToList();
        Assert.True(paged.Count >= 10, $"{paged.Count} paged operations.");
        var walks = SdkSurface.WorkflowMethods.Select(m => (Area: m.GetParameters()[0].ParameterType, m.Name)).ToHashSet();
        var firstWord = new System.Text.RegularExpressions.Regex("^([A-Z][a-z]+)(?=[A-Z])");
        var missing = paged
            .Where(p => !walks.Contains((p.Method.DeclaringType!, firstWord.Replace(p.Method.Name, "$1All", 1))) ||
                !walks.Contains((p.Method.DeclaringType!, p.Method.Name[..^"Async".Length] + "PagesAsync")))
            .Select(p => $"{p.Method.DeclaringType!.Name}.{p.Method.Name}")
            .ToList();
        Assert.True(missing.Count == 0, "Paged operations without a generated walk: " + string.Join(", ", missing));
    }

    [Fact]
    public void HandWrittenCode_NamesNoRoute()
    {
        // Routes come from the generated table (CoderOperations, CoderStreamHandshakes) or the generated interfaces.
        var root = Path.Combine(TestPaths.RepositoryRoot, "src", "CoderSdk");
        var route = new System.Text.RegularExpressions.Regex("\"/(api|oauth2|scim|\\.well-known)/");
        var found = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "Generated" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(root, f), Line: i + 1, Text: line.Trim())))
            .Where(l => !l.Text.StartsWith("//", StringComparison.Ordinal) && route.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text}")
            .ToList();
        Assert.True(found.Count == 0, "Hand-written route strings:\n" + string.Join("\n", found));
    }

    [Fact]
    public void WorkflowMethods_StreamedItems_HaveSourceGeneratedMetadata()
    {
        var items = SdkSurface.WorkflowMethods
            .Select(m => m.ReturnType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            .Select(t => t.GetGenericArguments()[0])
            .Where(t => !(t.IsGenericType && t.GetGenericTypeDefinition() == typeof(CoderPage<>)))
            .Distinct();
        Assert.All(items, t => Assert.NotNull(CoderJsonContext.Default.GetTypeInfo(t) ?? CoderStreamingJsonContext.Default.GetTypeInfo(t)));
    }
}
