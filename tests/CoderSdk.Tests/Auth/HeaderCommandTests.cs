using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Auth;

public sealed class HeaderCommandTests
{
    [ShellFact]
    public async Task Get_HeaderCommand_HeadersSentAndCommandSeesCoderUrl()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o => o.HeaderCommand = "printf 'X-Proxy-Auth=proxy-value\\nX-Seen-Url=%s\\n' \"$CODER_URL\"");

        await client.WhoAmIAsync();

        var headers = server.Requests.Single(r => r.RawTarget == "/api/v2/users/me").Headers;
        Assert.Equal("proxy-value", headers["X-Proxy-Auth"]);
        Assert.Equal(server.BaseUrl.GetLeftPart(UriPartial.Authority), headers["X-Seen-Url"]);
    }

    [ShellFact]
    public async Task Get_HeaderCommand_RerunAfterTheRefreshIntervalOnly()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var counter = Path.Combine(Path.GetTempPath(), "codersdk-hc-" + Guid.NewGuid().ToString("N"));
        var time = new ManualTimeProvider();
        using var client = TestClients.Create(server, configure: o =>
        {
            o.TimeProvider = time;
            o.HeaderCommandRefreshInterval = TimeSpan.FromMinutes(1);
            o.HeaderCommand = $"n=$(cat '{counter}' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '{counter}'; echo X-Run=$n";
        });

        try
        {
            await client.WhoAmIAsync();
            await client.WhoAmIAsync();
            time.Advance(TimeSpan.FromMinutes(1));
            await client.WhoAmIAsync();
        }
        finally
        {
            File.Delete(counter);
        }

        var runs = server.Requests.Where(r => r.RawTarget == "/api/v2/users/me").Select(r => r.Headers["X-Run"]).ToList();
        Assert.Equal(["1", "1", "2"], runs);
    }

    [ShellFact]
    public async Task Get_HeaderCommandFails_ClearErrorAndNothingSent()
    {
        await using var server = await FakeCoderServer.StartAsync();
        var log = new TestLog();
        using var client = TestClients.Create(server, log, o => o.HeaderCommand = "echo 'not logged in to the proxy' >&2; exit 3");

        var error = await Assert.ThrowsAsync<CoderHeaderCommandException>(() => client.WhoAmIAsync());

        Assert.Equal(3, error.ExitCode);
        Assert.Equal("The header command exited with code 3: not logged in to the proxy.", error.Message);
        Assert.DoesNotContain(server.Requests, r => r.RawTarget == "/api/v2/users/me");
        Assert.Single(log.Named("HeaderCommandFailed"));
    }

    [ShellFact]
    public async Task Get_HeaderCommandTooSlow_StoppedWithAClearError()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o =>
        {
            o.HeaderCommand = "sleep 30";
            o.HeaderCommandTimeout = TimeSpan.FromMilliseconds(200);
        });

        var error = await Assert.ThrowsAsync<CoderHeaderCommandException>(() => client.WhoAmIAsync());

        Assert.Contains("did not finish within 200ms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Ok=1\nmissing-equals-secret\n", "Line 2 of the header command's output is not key=value.")]
    [InlineData("Bad Name=1", "Line 1 of the header command's output names an invalid header 'Bad Name'.")]
    [InlineData("Coder-Session-Token=abc", "Line 1 of the header command's output sets Coder-Session-Token; supply the token through a token provider instead.")]
    public void Parse_MalformedOutput_ErrorNamesTheLineNeverTheValue(string output, string message)
    {
        var error = Assert.Throws<CoderHeaderCommandException>(() => CoderHeaderCommand.Parse(output));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Parse_CrLfAndBlankLinesAndEqualsInValues_Read()
    {
        var headers = CoderHeaderCommand.Parse("A=1\r\n\r\nB=x=y\r\n");

        Assert.Equal([new("A", "1"), new("B", "x=y")], headers);
    }
}

/// <summary>A fact that needs a POSIX shell (the header command runs through <c>sh -c</c>); skipped elsewhere.</summary>
public sealed class ShellFactAttribute : FactAttribute
{
    public ShellFactAttribute()
    {
        if (OperatingSystem.IsWindows() || !File.Exists("/bin/sh"))
        {
            Skip = "The header command tests need /bin/sh.";
        }
    }
}
