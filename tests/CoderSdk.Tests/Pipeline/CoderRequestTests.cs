using CoderSdk.Http;
using CoderSdk.Pipeline;
using CoderSdk.Versions;

namespace CoderSdk.Tests.Pipeline;

public sealed class CoderRequestTests
{
    private static readonly Uri Base = new("https://coder.example.com/");

    [Theory]
    [InlineData("my workspace", "/api/v2/users/me/workspace/my%20workspace")]
    [InlineData("a/b", "/api/v2/users/me/workspace/a%2Fb")]
    [InlineData("100%", "/api/v2/users/me/workspace/100%25")]
    [InlineData("ümlaut?#", "/api/v2/users/me/workspace/%C3%BCmlaut%3F%23")]
    public void BuildPath_SpecialCharacters_EscapedAsOneSegment(string name, string expected)
    {
        var request = Handshake("/api/v2/users/{user}/workspace/{workspacename}").Path("user", "me").Path("workspacename", name);

        Assert.Equal(expected, request.BuildPath());
        Assert.Equal(expected, request.BuildUri(Base).AbsolutePath);
    }

    [Fact]
    public void BuildQuery_ValuesWithReservedCharacters_PercentEncoded()
    {
        var request = Handshake("/api/v2/workspaces")
            .Query("q", "owner:me name:\"my ws\" a&b=c+d")
            .Query("limit", 25L)
            .Query("offset", (long?)null)
            .Query("include_deleted", true);

        Assert.Equal("?q=owner%3Ame%20name%3A%22my%20ws%22%20a%26b%3Dc%2Bd&limit=25&include_deleted=true", request.BuildQuery());
    }

    [Fact]
    public void BuildQuery_FlagAndRepeatedList_WrittenAsCoderExpects()
    {
        var request = Handshake("/api/v2/x")
            .QueryFlag("follow")
            .Query("after", 7L)
            .Query("ids", ["a", "b"], repeatKey: false)
            .Query("tag", ["k=v", "x y"], repeatKey: true);

        Assert.Equal("?follow&after=7&ids=a%2Cb&tag=k%3Dv&tag=x%20y", request.BuildQuery());
    }

    [Fact]
    public void BuildQuery_DateTimeOffset_Rfc3339InUtcOffsetForm()
    {
        var when = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234567);
        var request = Handshake("/api/v2/x").Query("since", when);

        Assert.Equal("?since=2026-01-02T03%3A04%3A05.1234567%2B00%3A00", request.BuildQuery());
    }

    [Fact]
    public void BuildPath_MissingParameter_ThrowsNamingTheTemplate()
    {
        var request = Handshake("/api/v2/workspaces/{workspace}");

        var ex = Assert.Throws<InvalidOperationException>(() => request.BuildPath());
        Assert.Contains("workspace", ex.Message);
        Assert.Contains("/api/v2/workspaces/{workspace}", ex.Message);
    }

    [Fact]
    public void Path_EmptyValue_Rejected()
    {
        Assert.Throws<ArgumentException>(() => Handshake("/api/v2/users/{user}").Path("user", ""));
    }

    [Fact]
    public void Path_Guid_LowercaseHyphenated()
    {
        var id = Guid.Parse("6F0B7F07-64B5-4F63-9B06-8C4D8A9C2D11");
        var request = Handshake("/api/v2/workspaces/{workspace}").Path("workspace", id);

        Assert.Equal("/api/v2/workspaces/6f0b7f07-64b5-4f63-9b06-8c4d8a9c2d11", request.BuildPath());
    }

    [Fact]
    public void ToHttpRequestMessage_MarkedAsAStreamWithItsRouteAndAccept()
    {
        var request = CoderStreamHandshakes.StreamWatchWorkspaceSse(Guid.Parse("6f0b7f07-64b5-4f63-9b06-8c4d8a9c2d11"));

        using var message = request.ToHttpRequestMessage(Base, "text/event-stream");

        Assert.Equal("https://coder.example.com/api/v2/workspaces/6f0b7f07-64b5-4f63-9b06-8c4d8a9c2d11/watch", message.RequestUri!.ToString());
        Assert.Equal("text/event-stream", Assert.Single(message.Headers.Accept).MediaType);
        Assert.True(message.Options.TryGetValue(CoderRequestOptions.RouteTemplate, out var template));
        Assert.Equal("/api/v2/workspaces/{workspace}/watch", template);
        Assert.True(message.Options.TryGetValue(CoderRequestOptions.IsStream, out var stream) && stream);
        Assert.Null(message.Content);
    }

    [Fact]
    public void Handshakes_EveryStreamOperationHasATypedFactoryThatCarriesIt()
    {
        // Each generated factory builds its request from its own table entry; together they cover every stream route.
        var carried = typeof(CoderStreamHandshakes).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(m => (Method: m, Request: (CoderRequest)m.Invoke(null, m.GetParameters().Select(Sample).ToArray())!))
            .ToList();

        Assert.All(carried, c => Assert.Equal(c.Method.Name, FieldOf(c.Request.Operation)));
        Assert.All(carried, c => Assert.DoesNotContain("{", c.Request.BuildPath(), StringComparison.Ordinal));
        Assert.Empty(CoderOperations.Streams.Except(carried.Select(c => c.Request.Operation)));
        Assert.Contains(carried, c => c.Request.Operation == CoderOperations.BuildsGetLogs);
    }

    private static object Sample(System.Reflection.ParameterInfo parameter) =>
        parameter.ParameterType == typeof(Guid) ? Guid.NewGuid() : parameter.ParameterType == typeof(long) ? 7L : "x";

    private static string FieldOf(CoderOperation operation) =>
        typeof(CoderOperations).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Single(f => ReferenceEquals(f.GetValue(null), operation)).Name;

    private static CoderRequest Handshake(string route) =>
        new(new CoderOperation("Test", "ProbeAsync", "probe", "GET", route, CoderResponseKind.Stream, "", 0, [200]));
}
