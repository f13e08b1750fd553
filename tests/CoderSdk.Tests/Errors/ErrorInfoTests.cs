using System.Net;
using CoderSdk.Errors;

namespace CoderSdk.Tests.Errors;

/// <summary><see cref="CoderErrorInfo"/> is a record (copied with <c>with</c>), but prints like the exception message.</summary>
public sealed class ErrorInfoTests
{
    [Fact]
    public void ToString_IsTheOneLineMessage_NeverTheHeaders()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.NotFound);
        response.Headers.TryAddWithoutValidation("Set-Cookie", "coder_session_token=cookie-secret-value; Path=/");
        var info = new CoderErrorInfo
        {
            Method = "GET",
            RouteTemplate = "/api/v2/users/{user}",
            RequestPath = "/api/v2/users/alice",
            StatusCode = HttpStatusCode.NotFound,
            CoderMessage = "Resource not found",
            ResponseHeaders = response.Headers,
        };

        Assert.StartsWith("GET /api/v2/users/{user}: 404", info.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cookie-secret-value", info.ToString(), StringComparison.Ordinal);
        Assert.Equal(info, info with { });
        Assert.Equal("masked", (info with { CoderMessage = "masked" }).CoderMessage);
    }
}
