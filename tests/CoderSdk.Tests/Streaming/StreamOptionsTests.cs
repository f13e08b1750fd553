using CoderSdk.Configuration;
using CoderSdk.Errors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CoderSdk.Tests.Streaming;

public sealed class StreamOptionsTests
{
    [Fact]
    public void AddCoderClient_StreamingSection_IsBound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Url"] = "https://coder.example.com",
            ["SessionToken"] = "bound-token",
            ["Streaming:IdleTimeout"] = "00:01:30",
            ["Streaming:ReconnectMaxDelay"] = "00:00:10",
            ["Streaming:MaxReconnectAttempts"] = "3",
            ["Streaming:BufferCapacity"] = "50",
            ["Streaming:MessageTimeout"] = "00:00:20",
        }).Build();
        var services = new ServiceCollection();
        services.AddCoderClient(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptionsMonitor<CoderClientOptions>>().Get(Microsoft.Extensions.Options.Options.DefaultName);

        Assert.Equal(TimeSpan.FromSeconds(90), options.Streaming.IdleTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Streaming.ReconnectMaxDelay);
        Assert.Equal(3, options.Streaming.MaxReconnectAttempts);
        Assert.Equal(50, options.Streaming.BufferCapacity);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Streaming.MessageTimeout);
        Assert.Empty(options.GetValidationErrors());
    }

    [Fact]
    public void Validate_UnusableStreamingSettings_ListsEachProblem()
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "token" };
        options.Streaming.BufferCapacity = 0;
        options.Streaming.ReconnectMaxDelay = TimeSpan.FromMilliseconds(1);
        options.Streaming.IdleTimeout = TimeSpan.Zero;
        options.Streaming.MessageTimeout = TimeSpan.FromSeconds(-3);

        var error = Assert.Throws<CoderConfigurationException>(options.Validate);

        Assert.Contains("MessageTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("BufferCapacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("ReconnectMaxDelay", error.Message, StringComparison.Ordinal);
        Assert.Contains("IdleTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageTimeout_Unset_FollowsIdleTimeout()
    {
        var streaming = new CoderStreamOptions { IdleTimeout = TimeSpan.FromSeconds(12) };

        Assert.Null(streaming.MessageTimeout);
        Assert.Equal(TimeSpan.FromSeconds(12), streaming.EffectiveMessageTimeout);
        Assert.Equal(16 * 1024 * 1024, streaming.MaxMessageBytes);
        streaming.MessageTimeout = Timeout.InfiniteTimeSpan;
        Assert.Equal(Timeout.InfiniteTimeSpan, streaming.EffectiveMessageTimeout);
        Assert.Empty(streaming.GetValidationErrors());
    }

    [Fact]
    public void Clone_StreamingSettings_AreCopiedNotShared()
    {
        var options = new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "token" };
        options.Streaming.IdleTimeout = TimeSpan.FromSeconds(5);

        var copy = options.Clone();
        options.Streaming.IdleTimeout = TimeSpan.FromSeconds(99);

        Assert.Equal(TimeSpan.FromSeconds(5), copy.Streaming.IdleTimeout);
    }
}
