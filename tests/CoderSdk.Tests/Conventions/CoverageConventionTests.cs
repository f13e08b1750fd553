using CoderSdk.Apis;
using CoderSdk.Versions;

namespace CoderSdk.Tests.Conventions;

/// <summary>
/// Every operation of the pinned spec is at most one method of one area interface or one stream method, as the
/// generated operation table (<c>CoderOperations</c>) says; what the generator leaves out, and why, is checked by the
/// generator's own tests (tests/CoderSdk.Generator.Tests, <c>ExclusionTests</c>).
/// </summary>
public sealed class CoverageConventionTests
{
    [Fact]
    public void SpecOperations_EachIsTheTablesMethodOrStreamOrNothing()
    {
        var rest = CoderOperations.All.ToDictionary(o => (o.HttpMethod, o.Route));
        var streams = CoderOperations.Streams.ToDictionary(o => (o.HttpMethod, o.Route));
        var methods = SdkSurface.AreaMethods
            .GroupBy(m => (SdkSurface.Endpoint(m).Method, SdkSurface.Endpoint(m).Route))
            .ToDictionary(g => g.Key, g => g.Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList());
        var streamMethods = typeof(ICoderStreams).GetMethods().Select(m => m.Name).ToHashSet();

        foreach (var operation in ApiConventionTests.SpecDocument.Operations())
        {
            var found = methods.GetValueOrDefault(operation) ?? [];
            if (streams.TryGetValue(operation, out var stream))
            {
                Assert.True(stream.Area == "Streams" && streamMethods.Contains(stream.MethodName),
                    $"{operation.Method} {operation.Route} is followed by {stream.Area}.{stream.MethodName}, which is not a method of ICoderStreams.");
                Assert.True(found.Count == 0, $"{operation} is a stream but {string.Join(", ", found)} call it as a request.");
            }
            else if (rest.TryGetValue(operation, out var entry))
            {
                Assert.Equal([$"I{entry.Area}Api.{entry.MethodName}"], found);
            }
            else
            {
                Assert.True(found.Count == 0, $"{operation} is not in the operation table but {string.Join(", ", found)} call it.");
            }
        }
    }

    [Fact]
    public void AreaMethods_Every_CallsAnOperationOfTheSpec()
    {
        var operations = ApiConventionTests.SpecDocument.Operations().ToHashSet();
        Assert.All(SdkSurface.AreaMethods, m =>
        {
            var endpoint = SdkSurface.Endpoint(m);
            Assert.True(operations.Contains((endpoint.Method, endpoint.Route)), $"{m.DeclaringType!.Name}.{m.Name}: {endpoint.Method} {endpoint.Route} is not in the spec.");
        });
    }

    [Fact]
    public void Table_HasOneEntryPerAreaMethod_AndEveryStreamMethodHasARoute()
    {
        Assert.Equal(SdkSurface.AreaMethods.Count, CoderOperations.All.Count);
        var followed = CoderOperations.Streams.Select(s => s.MethodName).ToHashSet();
        // The log follows are REST operations called with ?follow (their handshakes come from the same table entries), and
        // a command runs over the terminal's route.
        string[] follows = [nameof(ICoderStreams.FollowBuildLogsAsync), nameof(ICoderStreams.FollowTemplateVersionLogsAsync), nameof(ICoderStreams.FollowDryRunLogsAsync), nameof(ICoderStreams.FollowAgentLogsAsync), nameof(ICoderStreams.RunCommandAsync)];
        Assert.All(typeof(ICoderStreams).GetMethods(), m => Assert.True(followed.Contains(m.Name) || follows.Contains(m.Name), $"ICoderStreams.{m.Name} has no stream route in the table."));
    }
}
