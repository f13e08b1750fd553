using CoderSdk.Http;

namespace CoderSdk.Tests.Http;

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
        var request = new CoderRequest(HttpMethod.Get, "/api/v2/users/{user}/workspace/{workspacename}").Path("user", "me").Path("workspacename", name);

        Assert.Equal(expected, request.BuildPath());
        Assert.Equal(expected, request.BuildUri(Base).AbsolutePath);
    }

    [Fact]
    public void BuildQuery_ValuesWithReservedCharacters_PercentEncoded()
    {
        var request = new CoderRequest(HttpMethod.Get, "/api/v2/workspaces")
            .Query("q", "owner:me name:\"my ws\" a&b=c+d")
            .Query("limit", 25L)
            .Query("offset", (long?)null)
            .Query("include_deleted", true);

        Assert.Equal("?q=owner%3Ame%20name%3A%22my%20ws%22%20a%26b%3Dc%2Bd&limit=25&include_deleted=true", request.BuildQuery());
    }

    [Fact]
    public void BuildQuery_FlagAndRepeatedList_WrittenAsCoderExpects()
    {
        var request = new CoderRequest(HttpMethod.Get, "/api/v2/x")
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
        var request = new CoderRequest(HttpMethod.Get, "/api/v2/x").Query("since", when);

        Assert.Equal("?since=2026-01-02T03%3A04%3A05.1234567%2B00%3A00", request.BuildQuery());
    }

    [Fact]
    public void BuildPath_MissingParameter_ThrowsNamingTheTemplate()
    {
        var request = new CoderRequest(HttpMethod.Get, "/api/v2/workspaces/{workspace}");

        var ex = Assert.Throws<InvalidOperationException>(() => request.BuildPath());
        Assert.Contains("workspace", ex.Message);
        Assert.Contains("/api/v2/workspaces/{workspace}", ex.Message);
    }

    [Fact]
    public void Path_EmptyValue_Rejected()
    {
        Assert.Throws<ArgumentException>(() => new CoderRequest(HttpMethod.Get, "/api/v2/users/{user}").Path("user", ""));
    }

    [Fact]
    public void Path_Guid_LowercaseHyphenated()
    {
        var id = Guid.Parse("6F0B7F07-64B5-4F63-9B06-8C4D8A9C2D11");
        var request = new CoderRequest(HttpMethod.Get, "/api/v2/workspaces/{workspace}").Path("workspace", id);

        Assert.Equal("/api/v2/workspaces/6f0b7f07-64b5-4f63-9b06-8c4d8a9c2d11", request.BuildPath());
    }

    [Fact]
    public void ToHttpRequestMessage_JsonBody_Utf8JsonContentType()
    {
        var request = new CoderRequest(HttpMethod.Post, "/api/v2/x", 201)
            .JsonBody(new CoderSdk.Models.User { Username = "zoë" }, CoderSdk.Json.CoderJsonContext.Default.User);

        using var message = request.ToHttpRequestMessage(Base);

        Assert.Equal("application/json", message.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", message.Content.Headers.ContentType.CharSet);
        Assert.Equal("application/json", message.Headers.Accept.Single().MediaType);
        Assert.True(message.Options.TryGetValue(CoderRequestOptions.RouteTemplate, out var template));
        Assert.Equal("/api/v2/x", template);
    }
}
