using System.Net.Http.Headers;
using CoderSdk.Http;
using CoderSdk.Pipeline;

namespace CoderSdk.Tests.Http;

/// <summary>The raw-text readings the pipeline makes instead of parsing headers and paths on every call.</summary>
public sealed class HeaderTextTests
{
    [Theory]
    [InlineData("application/json", "application/json")]
    [InlineData("application/json; charset=utf-8", "application/json")]
    [InlineData("  Application/Problem+JSON ;charset=utf-8", "Application/Problem+JSON")]
    [InlineData("text/html; charset=utf-8", "text/html")]
    public void TryGetMediaType_RawContentType_TypeAndSubtypeWithoutParameters(string header, string expected)
    {
        using var content = new ByteArrayContent([]);
        content.Headers.TryAddWithoutValidation("Content-Type", header);

        Assert.True(CoderHttpText.TryGetMediaType(content, out var mediaType));
        Assert.Equal(expected, mediaType.ToString());
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("application/")]
    [InlineData("/json")]
    [InlineData("application/json/extra")]
    [InlineData("application json")]
    public void TryGetMediaType_NotATypeAndSubtype_NoMediaTypeLikeTheTypedHeader(string header)
    {
        using var content = new ByteArrayContent([]);
        content.Headers.TryAddWithoutValidation("Content-Type", header);

        Assert.False(CoderHttpText.TryGetMediaType(content, out _));
        Assert.Null(content.Headers.ContentType);
    }

    [Fact]
    public void TryGetMediaType_TypedOrMissingHeader_ReadsTheTypedValueOrNothing()
    {
        using var typed = new ByteArrayContent([]);
        typed.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var none = new ByteArrayContent([]);

        Assert.True(CoderHttpText.TryGetMediaType(typed, out var mediaType));
        Assert.Equal("application/json", mediaType.ToString());
        Assert.False(CoderHttpText.TryGetMediaType(none, out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:3000/api/v2/workspaces/abc", "/api/v2/workspaces/{workspace}", false)]
    [InlineData("http://127.0.0.1:3000/api/v2/workspaces/", "/api/v2/workspaces/{workspace}", true)]
    [InlineData("http://127.0.0.1:3000/api/v2/users//workspace/x", "/api/v2/users/{user}/workspace/{workspacename}", true)]
    [InlineData("http://127.0.0.1:3000/api/v2/workspaces/", "/api/v2/workspaces/", false)]
    [InlineData("https://coder.example.com/api/v2/workspaces?q=url:http://x//y", "/api/v2/workspaces", false)]
    [InlineData("https://coder.example.com/api/v2/workspaces/?q=a", "/api/v2/workspaces/{workspace}", true)]
    [InlineData("https://coder.example.com/api/v2/templates/a#frag//x", "/api/v2/templates/{template}", false)]
    public void HasEmptySegment_ReadsOnlyThePath(string uri, string route, bool empty)
    {
        Assert.Equal(empty, CoderOperationStep.HasEmptySegment(new Uri(uri), route));
    }

    [Fact]
    public void HasEmptySegment_RelativeUri_ReadsItsPath()
    {
        Assert.True(CoderOperationStep.HasEmptySegment(new Uri("/api/v2/users//keys", UriKind.Relative), "/api/v2/users/{user}/keys"));
        Assert.False(CoderOperationStep.HasEmptySegment(new Uri("/api/v2/users/me/keys?x=//", UriKind.Relative), "/api/v2/users/{user}/keys"));
    }
}
