using CoderSdk.Configuration;
using CoderSdk.Errors;

namespace CoderSdk.Tests.Configuration;

public sealed class CoderClientOptionsTests
{
    [Theory]
    [InlineData(null, "is required")]
    [InlineData("coder.example.com", "is relative")]
    [InlineData("/relative", "is relative")]
    [InlineData("ftp://coder.example.com", "must use http or https")]
    [InlineData("https://coder.example.com/api/v2", "without a path")]
    [InlineData("https://coder.example.com/?x=1", "query string")]
    [InlineData("https://user:pw@coder.example.com", "credentials")]
    public void Validate_BadUrl_ClearMessage(string? url, string expected)
    {
        var options = new CoderClientOptions { SessionToken = "t" };
        if (url is not null)
        {
            options.BaseUrl = new Uri(url, UriKind.RelativeOrAbsolute);
        }

        var ex = Assert.Throws<CoderConfigurationException>(options.Validate);

        Assert.Contains(expected, ex.Message);
    }

    [Theory]
    [InlineData("https://coder.example.com")]
    [InlineData("https://coder.example.com/")]
    [InlineData("http://127.0.0.1:3000")]
    public void Validate_DeploymentRoot_Accepted(string url)
    {
        var options = new CoderClientOptions { BaseUrl = new Uri(url), SessionToken = "t" };

        Assert.Empty(options.GetValidationErrors());
    }

    [Theory]
    [InlineData("", "SessionToken is empty")]
    [InlineData("   ", "SessionToken is empty")]
    [InlineData("abc\n", "control character")]
    public void Validate_BadToken_ClearMessageWithoutTheValue(string token, string expected)
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = token };

        var ex = Assert.Throws<CoderConfigurationException>(options.Validate);

        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Validate_NoTokenAtAll_RequiresAnonymousOptIn()
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com") };

        Assert.Contains("No session token", Assert.Throws<CoderConfigurationException>(options.Validate).Message);
        options.AllowAnonymous = true;
        options.Validate();
    }

    [Theory]
    [InlineData("Coder-Session-Token", "x", "use SessionToken or TokenProvider")]
    [InlineData("Bad Name", "x", "not a valid HTTP header name")]
    [InlineData("X-Ok", "line\r\nbreak", "line break")]
    public void Validate_BadHeaders_Rejected(string name, string value, string expected)
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "t" };
        options.Headers[name] = value;

        Assert.Contains(expected, Assert.Throws<CoderConfigurationException>(options.Validate).Message);
    }

    [Fact]
    public void Constructor_RelativeUrl_ThrowsConfigurationException()
    {
        Assert.Throws<CoderConfigurationException>(() => new CoderClient(new Uri("/x", UriKind.Relative), "t"));
    }

    [Fact]
    public void DefaultUserAgent_NamesSdkRuntimeAndOs()
    {
        Assert.Matches(@"^CoderSdk/\d+\.\d+\.\d+[^ ]* \(\.NET \d+\.\d+\.\d+; [^()]+\)$", CoderClientOptions.DefaultUserAgent);
    }
}
