using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoderSdk.Tests.Resilience;

public sealed class OptionsValidationTests
{
    private static CoderClientOptions Valid() => new() { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "validation-token" };

    [Fact]
    public void Constructor_NegativeAttemptTimeout_ClearErrorAtConfigurationTime()
    {
        var options = Valid();
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(-1);

        var error = Assert.Throws<CoderConfigurationException>(() => new CoderClient(options));

        var message = Assert.Single(error.Errors);
        Assert.Contains("Resilience.AttemptTimeout is -1s", message, StringComparison.Ordinal);
        Assert.Contains("must be positive", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_RetryCountOverBound_ClearErrorAtConfigurationTime()
    {
        var options = Valid();
        options.Resilience.MaxRetries = 50;

        var error = Assert.Throws<CoderConfigurationException>(() => new CoderClient(options));

        Assert.Contains($"Resilience.MaxRetries is 50; it must be between 0 and {CoderResilienceOptions.MaxAllowedRetries}", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_CaFileThatIsNotPem_ClearErrorAtConfigurationTime()
    {
        var options = Valid();
        options.Tls.CaCertificateFile = TestCertificates.Instance.GarbagePemFile;

        var error = Assert.Throws<CoderConfigurationException>(() => new CoderClient(options));

        var message = Assert.Single(error.Errors);
        Assert.Contains("Tls.CaCertificateFile", message, StringComparison.Ordinal);
        Assert.Contains("could not be read as PEM certificates", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ClientKeyThatIsNotPem_ClearErrorAtConfigurationTime()
    {
        var options = Valid();
        options.Tls.ClientCertificateFile = TestCertificates.Instance.ClientCertificatePemFile;
        options.Tls.ClientKeyFile = TestCertificates.Instance.GarbagePemFile;

        var error = Assert.Throws<CoderConfigurationException>(() => new CoderClient(options));

        Assert.Contains("could not be read as a PEM certificate and key", Assert.Single(error.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEachWithoutTheToken()
    {
        var options = Valid();
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);
        options.Resilience.AttemptTimeout = TimeSpan.FromSeconds(10);
        options.Resilience.FailureRatio = 2;
        options.Resilience.BreakDuration = TimeSpan.FromMilliseconds(10);
        options.Tls.ClientCertificateFile = "only-the-certificate.pem";

        var errors = options.GetValidationErrors();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.Contains("AttemptTimeout (10s) is longer than Resilience.TotalTimeout (5s)", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("FailureRatio is 2", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("BreakDuration is 10ms", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("go together", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("validation-token", StringComparison.Ordinal));
    }

    [Fact]
    public void TotalTimeoutOnly_ShorterThanDefaultAttemptTimeout_CapsTheAttemptTimeout()
    {
        var options = Valid();
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);

        Assert.Empty(options.GetValidationErrors());
        Assert.Equal(TimeSpan.FromSeconds(5), options.Resilience.AttemptTimeout);
        using var client = new CoderClient(options);
        Assert.Contains("total 5s, attempt 5s", client.Options.Resilience.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:01:00")]
    [InlineData("-00:00:00.001")]
    public void TotalTimeoutOnly_LongerOrInfinite_LeavesTheDefaultAttemptTimeout(string total)
    {
        var options = Valid();
        options.Resilience.TotalTimeout = TimeSpan.Parse(total, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Empty(options.GetValidationErrors());
        Assert.Equal(CoderResilienceOptions.DefaultAttemptTimeout, options.Resilience.AttemptTimeout);
    }

    [Fact]
    public void TotalTimeoutOnly_Invalid_ReportedOnceNotAlsoAsAnAttemptTimeoutProblem()
    {
        var options = Valid();
        options.Resilience.TotalTimeout = TimeSpan.FromMilliseconds(5);

        var error = Assert.Single(options.GetValidationErrors());

        Assert.Contains("Resilience.TotalTimeout is 5ms", error, StringComparison.Ordinal);
    }

    [Fact]
    public void BothTimeoutsSet_AttemptLongerThanTotal_ErrorSaysToSetBoth()
    {
        var options = Valid();
        options.Resilience.AttemptTimeout = CoderResilienceOptions.DefaultAttemptTimeout; // set explicitly, even to the default
        options.Resilience.TotalTimeout = TimeSpan.FromSeconds(5);

        var error = Assert.Single(options.GetValidationErrors());

        Assert.Contains("Resilience.AttemptTimeout (10s) is longer than Resilience.TotalTimeout (5s)", error, StringComparison.Ordinal);
        Assert.Contains("Set both", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_UnsetAttemptTimeout_StillFollowsTheCopysTotalTimeout()
    {
        var options = Valid();

        var copy = options.Clone();
        copy.Resilience.TotalTimeout = TimeSpan.FromSeconds(3);

        Assert.Equal(TimeSpan.FromSeconds(3), copy.Resilience.AttemptTimeout);
        Assert.Empty(copy.GetValidationErrors());
        Assert.Equal(CoderResilienceOptions.DefaultAttemptTimeout, options.Resilience.AttemptTimeout);
    }

    [Fact]
    public async Task AddCoderClient_ConfiguredTotalTimeoutOnly_HostStartsWithTheAttemptTimeoutCapped()
    {
        using var host = TestHosts.WithCoderSection(new()
        {
            ["Url"] = "https://coder.example.com",
            ["SessionToken"] = "configured-token",
            ["Resilience:TotalTimeout"] = "00:00:05",
        });

        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptionsMonitor<CoderClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Resilience.AttemptTimeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddCoderClient_ConfiguredAttemptLongerThanTotal_HostFailsSayingToSetBoth()
    {
        using var host = TestHosts.WithCoderSection(new()
        {
            ["Url"] = "https://coder.example.com",
            ["SessionToken"] = "configured-token",
            ["Resilience:TotalTimeout"] = "00:00:05",
            ["Resilience:AttemptTimeout"] = "00:00:10",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Resilience.AttemptTimeout (10s) is longer than Resilience.TotalTimeout (5s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set both", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InfiniteTimeoutsAndZeroRetries_Accepted()
    {
        var options = Valid();
        options.Resilience.TotalTimeout = Timeout.InfiniteTimeSpan;
        options.Resilience.AttemptTimeout = Timeout.InfiniteTimeSpan;
        options.Resilience.MaxRetries = 0;

        Assert.Empty(options.GetValidationErrors());
        using var client = new CoderClient(options);
    }

    [Fact]
    public async Task AddCoderClient_BadConfigurationValues_HostFailsToStartNamingTheKeys()
    {
        using var host = TestHosts.WithCoderSection(new()
        {
            ["Url"] = "https://coder.example.com",
            ["SessionToken"] = "configured-token",
            ["Resilience:TotalTimeout"] = "half a minute",
            ["Resilience:MaxRetries"] = "11",
            ["Tls:CaCertificateFile"] = TestCertificates.Instance.GarbagePemFile,
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("'Resilience:TotalTimeout' must be a duration", error.Message, StringComparison.Ordinal);
        Assert.Contains("Resilience.MaxRetries is 11", error.Message, StringComparison.Ordinal);
        Assert.Contains("Tls.CaCertificateFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("configured-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_PipelineSettings_AreRead()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Url"] = "https://coder.example.com",
            ["SessionToken"] = "bound-token",
            ["Resilience:TotalTimeout"] = "00:01:00",
            ["Resilience:MaxRetries"] = "5",
            ["Resilience:FailureRatio"] = "0.25",
            ["Resilience:Enabled"] = "true",
            ["Tls:ServerName"] = "coder.internal",
            ["HttpLogging:LogBodies"] = "true",
            ["HeaderCommand"] = "printf X-Test=1",
            ["MaxRedirects"] = "2",
        }).Build();
        var services = new ServiceCollection();
        services.AddCoderClient(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<CoderClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal(TimeSpan.FromMinutes(1), options.Resilience.TotalTimeout);
        Assert.Equal(5, options.Resilience.MaxRetries);
        Assert.Equal(0.25, options.Resilience.FailureRatio);
        Assert.Equal("coder.internal", options.Tls.ServerName);
        Assert.True(options.HttpLogging.LogBodies);
        Assert.Equal("printf X-Test=1", options.HeaderCommand);
        Assert.Equal(2, options.MaxRedirects);
        Assert.Empty(options.GetValidationErrors());
    }

    [Fact]
    public void ToString_WithEverythingSet_ShowsNoSecret()
    {
        var options = Valid();
        options.HeaderCommand = "echo Authorization=Bearer header-secret";
        options.Tls.ClientCertificatePfxFile = "client.pfx";
        options.Tls.ClientCertificatePassword = "pfx-secret";

        var text = options.ToString();

        Assert.DoesNotContain("validation-token", text, StringComparison.Ordinal);
        Assert.DoesNotContain("header-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pfx-secret", text, StringComparison.Ordinal);
        Assert.Contains("HeaderCommand = (set)", text, StringComparison.Ordinal);
    }
}
