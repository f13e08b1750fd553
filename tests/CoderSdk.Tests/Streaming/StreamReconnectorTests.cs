using System.Net;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Streaming;

namespace CoderSdk.Tests.Streaming;

public sealed class StreamReconnectorTests
{
    private static readonly CoderRequest Stream = CoderStreamHandshakes.BuildsGetLogs(Guid.NewGuid());

    [Fact]
    public async Task RunAsync_RateLimitedWithRetryAfter_WaitsAsLongAsCoderdAsks()
    {
        var (reconnector, clock) = Create();
        var attempts = 0;

        await reconnector.RunAsync(_ => ++attempts == 1 ? throw Api(HttpStatusCode.TooManyRequests, retryAfter: TimeSpan.FromSeconds(7)) : ValueTask.CompletedTask, CancellationToken.None);

        Assert.Equal(2, attempts);
        Assert.Equal([TimeSpan.FromSeconds(7)], clock.Delays);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.BadRequest)]
    public async Task RunAsync_RefusedWithClientError_DoesNotReconnect(HttpStatusCode status)
    {
        var (reconnector, clock) = Create();
        var attempts = 0;

        var error = await Assert.ThrowsAnyAsync<CoderApiException>(() => reconnector.RunAsync(_ => { attempts++; throw Api(status); }, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
        Assert.Equal(1, attempts);
        Assert.Empty(clock.Delays);
    }

    [Fact]
    public async Task RunAsync_RepeatedServerErrors_BacksOffExponentiallyWithJitterUpToTheMaximum()
    {
        var (reconnector, clock) = Create(o => o.ReconnectMaxDelay = TimeSpan.FromSeconds(10));
        var attempts = 0;

        await reconnector.RunAsync(_ => ++attempts <= 6 ? throw Api(HttpStatusCode.ServiceUnavailable) : ValueTask.CompletedTask, CancellationToken.None);

        double[] ceilings = [1, 2, 4, 8, 10, 10];
        Assert.Equal(ceilings.Length, clock.Delays.Count);
        for (var i = 0; i < ceilings.Length; i++)
        {
            Assert.InRange(clock.Delays[i].TotalSeconds, ceilings[i] / 2, ceilings[i]);
        }
    }

    [Fact]
    public async Task RunAsync_EachConnectionDeliveredData_KeepsTheShortestDelay()
    {
        var (reconnector, clock) = Create(o => o.MaxReconnectAttempts = 2);
        var attempts = 0;

        await reconnector.RunAsync(_ =>
        {
            reconnector.MadeProgress();
            return ++attempts <= 5 ? throw new CoderStreamInterruptedException("closed early", null, null, null) : ValueTask.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(6, attempts);
        Assert.All(clock.Delays, d => Assert.InRange(d.TotalSeconds, 0.5, 1));
    }

    [Fact]
    public async Task RunAsync_AttemptsRunOutWithoutProgress_ThrowsReconnectsExhaustedWithTheLastFailure()
    {
        var (reconnector, _) = Create(o => o.MaxReconnectAttempts = 3);
        var attempts = 0;

        var error = await Assert.ThrowsAsync<CoderStreamException>(() => reconnector.RunAsync(_ =>
        {
            attempts++;
            throw new CoderStreamInterruptedException("the connection dropped", null, null, new IOException("reset"));
        }, CancellationToken.None));

        Assert.Equal(4, attempts);
        Assert.Equal(CoderStreamFailure.ReconnectsExhausted, error.Failure);
        Assert.Equal("/api/v2/workspacebuilds/{workspacebuild}/logs", error.StreamName);
        Assert.IsType<CoderStreamInterruptedException>(error.InnerException);
        Assert.Contains("the connection dropped", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Canceled_StopsWithoutWrapping()
    {
        var (reconnector, _) = Create();
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reconnector.RunAsync(async token =>
        {
            await cancel.CancelAsync();
            token.ThrowIfCancellationRequested();
        }, cancel.Token));
    }

    private static (StreamReconnector Reconnector, ImmediateClock Clock) Create(Action<CoderStreamOptions>? configure = null)
    {
        var clock = new ImmediateClock();
        var options = new CoderClientOptions { BaseUrl = new Uri("http://coder.test/"), SessionToken = "token", TimeProvider = clock };
        configure?.Invoke(options.Streaming);
        var connection = new CoderConnection(new HttpClient(new HttpClientHandler()), options.BaseUrl, ownsClient: true) { Settings = options };
        return (new StreamReconnector(connection, Stream), clock);
    }

    private static CoderApiException Api(HttpStatusCode status, TimeSpan? retryAfter = null)
    {
        using var response = new HttpResponseMessage(status);
        if (retryAfter is { } delay)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(delay);
        }

        return CoderErrorFactory.Create(new CoderErrorInfo
        {
            Method = "GET",
            RouteTemplate = Stream.RouteTemplate,
            RequestPath = "/api/v2/workspacebuilds/x/logs",
            StatusCode = status,
            CoderMessage = "refused",
            ResponseHeaders = response.Headers,
            ReceivedAt = DateTimeOffset.UtcNow,
        });
    }

    /// <summary>A clock whose timers fire at once and remember how long they were asked to wait.</summary>
    private sealed class ImmediateClock : TimeProvider
    {
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<TimeSpan> Delays
        {
            get
            {
                lock (_delays)
                {
                    return [.. _delays];
                }
            }
        }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                lock (_delays)
                {
                    _delays.Add(dueTime);
                }

                ThreadPool.UnsafeQueueUserWorkItem(_ => callback(state), null);
            }

            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
