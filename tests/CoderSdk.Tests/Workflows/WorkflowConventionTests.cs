using System.Reflection;
using CoderSdk.Json;
using CoderSdk.Tests.Conventions;

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
    public void WorkflowMethods_Every_NamesEndpointsOfTheSpec()
    {
        var operations = ApiConventionTests.SpecDocument.Operations().ToHashSet();
        Assert.All(SdkSurface.WorkflowMethods, m =>
        {
            var routes = m.GetCustomAttribute<CoderWorkflowAttribute>()!.Routes;
            Assert.NotEmpty(routes);
            Assert.All(routes, route =>
            {
                var space = route.IndexOf(' ', StringComparison.Ordinal);
                Assert.Contains((route[..space], route[(space + 1)..]), operations);
            });
        });
    }

    [Fact]
    public void WorkflowMethods_StreamedItems_HaveSourceGeneratedMetadata()
    {
        var items = SdkSurface.WorkflowMethods
            .Select(m => m.ReturnType)
            .Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>))
            .Select(t => t.GetGenericArguments()[0])
            .Distinct();
        Assert.All(items, t => Assert.NotNull(CoderJsonContext.Default.GetTypeInfo(t) ?? CoderStreamingJsonContext.Default.GetTypeInfo(t)));
    }
}
