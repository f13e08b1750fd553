using System.Diagnostics.Metrics;
using System.Diagnostics;
using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Telemetry;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Telemetry;

/// <summary>Runs alone: the listeners below see every activity and measurement of the process.</summary>
[CollectionDefinition(nameof(TelemetryTests), DisableParallelization = true)]
public sealed class TelemetryCollection;

/// <summary>The SDK's ActivitySource and Meter over real HTTP: one activity per call, durations and retries, no secrets.</summary>
[Collection(nameof(TelemetryTests))]
public sealed class TelemetryTests
{
    [Fact]
    public async Task GeneratedCall_RetriedOnce_IsOneActivityWithRouteStatusAndRetryCount_AndMetrics()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server, configure: o =>
        {
            o.Resilience.BaseDelay = TimeSpan.Zero;
            o.Resilience.MaxDelay = TimeSpan.Zero;
        });
        server.Faults.Enqueue(FakeFault.Status(503), TestClients.IsMe);

        var activities = new List<Activity>();
        using var activityListener = Listen(activities);

        var durations = new List<(double Value, Dictionary<string, object?> Tags)>();
        var retries = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == CoderTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((_, value, tags, _) => { lock (durations) { durations.Add((value, ToDictionary(tags))); } });
        meterListener.SetMeasurementEventCallback<long>((_, value, tags, _) => { lock (retries) { retries.Add((value, ToDictionary(tags))); } });
        meterListener.Start();

        using var parent = new Activity("telemetry-test").Start();
        var me = await client.Users.GetAsync("me");
        parent.Stop();

        Assert.Equal("admin", me.Username);
        var call = Assert.Single(activities, a => a.ParentId == parent.Id);
        Assert.Equal("Users.GetAsync", call.OperationName);
        Assert.Equal(ActivityKind.Client, call.Kind);
        // OpenTelemetry's HTTP client attributes; http.route is a server attribute and is not set.
        Assert.Equal("/api/v2/users/{user}", call.GetTagItem("url.template"));
        Assert.Null(call.GetTagItem("http.route"));
        Assert.Equal("127.0.0.1", call.GetTagItem("server.address"));
        Assert.Equal(server.BaseUrl.Port, call.GetTagItem("server.port"));
        Assert.Equal("GET", call.GetTagItem("http.request.method"));
        Assert.Equal(200, call.GetTagItem("http.response.status_code"));
        Assert.Equal(1, call.GetTagItem("http.request.resend_count"));
        Assert.Equal(ActivityStatusCode.Unset, call.Status);

        var duration = Assert.Single(durations, d => Equals(d.Tags["url.template"], "/api/v2/users/{user}"));
        Assert.True(duration.Value > 0);
        Assert.Equal(200, duration.Tags["http.response.status_code"]);
        Assert.Equal("127.0.0.1", duration.Tags["server.address"]);
        var retry = Assert.Single(retries, r => Equals(r.Tags["url.template"], "/api/v2/users/{user}"));
        Assert.Equal(1, retry.Value);

        var everything = string.Join("\n", call.TagObjects.Select(t => $"{t.Key}={t.Value}")
            .Concat(durations.Concat(retries.Select(r => ((double)r.Value, r.Tags))).SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}"))));
        Assert.DoesNotContain(server.AdminSessionToken, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedCall_ActivityIsMarkedErrorWithTheStatus()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        var activities = new List<Activity>();
        using var listener = Listen(activities);

        using var parent = new Activity("telemetry-failure-test").Start();
        await Assert.ThrowsAsync<CoderNotFoundException>(() => client.Users.GetAsync("nobody-by-this-name"));
        parent.Stop();

        var call = Assert.Single(activities, a => a.ParentId == parent.Id);
        Assert.Equal(ActivityStatusCode.Error, call.Status);
        Assert.Equal(404, call.GetTagItem("http.response.status_code"));
        Assert.Equal("404", call.GetTagItem("error.type"));
    }

    [Fact]
    public async Task WaitForBuild_IsAnActivityAroundItsFollowAndRead()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.Create(server);
        var template = await client.Templates.GetByNameAsync(CoderOrganization.Default, "docker");
        var workspace = await client.Workspaces.CreateAsync("me", new CoderSdk.Models.CreateWorkspaceRequest { Name = "traced", TemplateId = template.Id });
        var activities = new List<Activity>();
        using var listener = Listen(activities);

        using var parent = new Activity("telemetry-wait-test").Start();
        var build = await client.WaitForBuildAsync(workspace.LatestBuild.Id);
        parent.Stop();

        Activity wait;
        lock (activities)
        {
            wait = Assert.Single(activities, a => a.ParentId == parent.Id);
        }

        Assert.Equal("Workflows.WaitForBuildAsync", wait.OperationName);
        Assert.Equal(workspace.LatestBuild.Id, wait.GetTagItem("coder.workspace_build.id"));
        Assert.Equal("succeeded", wait.GetTagItem("coder.job.status"));
        Assert.True((long)wait.GetTagItem("coder.log.lines")! > 0);
        Assert.Equal(ActivityStatusCode.Unset, wait.Status);
        // The final read of the build is a child of the wait.
        lock (activities)
        {
            Assert.Contains(activities, a => a.ParentId == wait.Id && a.OperationName == "Builds.GetAsync");
        }

        Assert.Equal(build.Id, workspace.LatestBuild.Id);
    }

    [Fact]
    public async Task Follow_DroppedOnce_IsOneStreamActivityWithAReconnectEvent()
    {
        await using var env = await CoderSdk.Tests.Streaming.FakeEnvironment.StartAsync();
        env.Server.Streams.Enqueue(FakeStreamFault.Drop(3, pathContains: "/logs"));
        var build = env.CreateRunningBuild(CoderSdk.Tests.Streaming.FakeEnvironment.Lines(10));
        var activities = new List<Activity>();
        using var listener = Listen(activities);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var parent = new Activity("telemetry-stream-test").Start();
        var received = 0;
        await foreach (var line in env.Client.Streams.FollowBuildLogsAsync(build.Id, cancellationToken: cancel.Token))
        {
            if (++received == 10)
            {
                env.State.AdvanceJob(build.JobId);
            }
        }

        parent.Stop();

        Assert.Equal(10, received);
        Activity stream;
        lock (activities)
        {
            stream = Assert.Single(activities, a => a.ParentId == parent.Id && a.OperationName == "Builds.GetLogsAsync (follow)");
        }

        Assert.Equal(ActivityKind.Client, stream.Kind);
        Assert.Equal("/api/v2/workspacebuilds/{workspacebuild}/logs", stream.GetTagItem("url.template"));
        Assert.Equal("127.0.0.1", stream.GetTagItem("server.address"));
        Assert.Equal(2, stream.GetTagItem("coder.stream.connections"));
        var reconnect = Assert.Single(stream.Events);
        Assert.Equal("coder.stream.reconnect", reconnect.Name);
        Assert.Equal(1, reconnect.Tags.Single(t => t.Key == "coder.stream.attempt").Value);
        Assert.Equal(ActivityStatusCode.Unset, stream.Status);
        // The final read of the finished job's log runs inside the stream's activity.
        lock (activities)
        {
            Assert.Contains(activities, a => a.ParentId == stream.Id && a.OperationName == "Builds.GetLogsAsync");
        }
    }

    /// <summary>Collects every stopped activity of the SDK's source into <paramref name="activities"/> until disposed.</summary>
    private static ActivityListener Listen(List<Activity> activities)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == CoderTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (activities) { activities.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
