using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Tests.Streaming;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Workflows;

public sealed class LifecycleTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task StartAsync_WithOptions_SendsTransitionVersionParametersAndReason()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, first) = env.CreateWorkspace();
        env.State.AdvanceJob(first.JobId);
        env.State.AdvanceJob(first.JobId);
        var recorder = new BodyRecorder { InnerHandler = new SocketsHttpHandler() };
        using var client = new CoderClient(new HttpClient(recorder), new CoderClientOptions { BaseUrl = env.Server.BaseUrl, SessionToken = env.Server.AdminSessionToken });
        var options = new WorkspaceBuildOptions { TemplateVersionId = first.TemplateVersionId, Reason = CreateWorkspaceBuildReason.CLI, DebugLogs = true };
        options.RichParameterValues.Add(new WorkspaceBuildParameter { Name = "region", Value = "eu west" });

        var build = await client.StartWorkspaceAsync(workspace.Id, options);

        Assert.Equal(WorkspaceTransition.Start, build.Transition);
        Assert.Equal(env.State.LatestBuild(workspace).Id, build.Id);
        var (method, path, body) = Assert.Single(recorder.Bodies);
        Assert.Equal("POST", method);
        Assert.Equal($"/api/v2/workspaces/{workspace.Id}/builds", path);
        var json = JsonNode.Parse(body)!.AsObject();
        Assert.Equal("start", (string?)json["transition"]);
        Assert.Equal(first.TemplateVersionId.ToString(), (string?)json["template_version_id"]);
        Assert.Equal("cli", (string?)json["reason"]);
        Assert.Equal("debug", (string?)json["log_level"]);
        Assert.Equal("region", (string?)json["rich_parameter_values"]![0]!["name"]);
        Assert.Equal("eu west", (string?)json["rich_parameter_values"]![0]!["value"]);
        Assert.False(json.ContainsKey("orphan"));
    }

    [Fact]
    public async Task StopAsync_ThenWaitForBuildAsync_ReturnsTheSucceededBuildAndReportsEachLine()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        var progress = new ListProgress<ProvisionerJobLog>();
        using var cancel = new CancellationTokenSource(Patience);

        var stop = await env.Client.StopWorkspaceAsync(workspace.Id, cancellationToken: cancel.Token);
        var done = await env.Client.WaitForBuildAsync(stop.Id, progress, cancel.Token);

        Assert.Equal(WorkspaceTransition.Stop, done.Transition);
        Assert.Equal(ProvisionerJobStatus.Succeeded, done.Job.Status);
        Assert.Equal(WorkspaceStatus.Stopped, done.Status);
        Assert.Equal(env.State.Logs(env.State.Build(stop.Id)!.JobId).Select(l => l.Output), progress.Items.Select(l => l.Output));
        Assert.NotEmpty(progress.Items);
    }

    [Fact]
    public async Task WaitForBuildAsync_JobFails_ThrowsWithTheJobErrorAndCode()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        env.State.FailNextBuild("insufficient quota: 3 of 2 used", "INSUFFICIENT_QUOTA");
        using var cancel = new CancellationTokenSource(Patience);

        var build = await env.Client.StartWorkspaceAsync(workspace.Id, cancellationToken: cancel.Token);
        var error = await Assert.ThrowsAsync<CoderJobFailedException>(() => env.Client.WaitForBuildAsync(build.Id, cancellationToken: cancel.Token));

        Assert.Equal("insufficient quota: 3 of 2 used", error.JobError);
        Assert.Equal(JobErrorCode.InsufficientQuota, error.ErrorCode);
        Assert.Equal(ProvisionerJobStatus.Failed, error.Status);
        Assert.False(error.IsCanceled);
        Assert.Equal(build.Id, error.Build?.Id);
        Assert.Contains("INSUFFICIENT_QUOTA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelBuildAsync_RunningBuild_WaitForBuildThrowsCanceled()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);
        var build = await env.Client.StopWorkspaceAsync(workspace.Id, cancellationToken: cancel.Token);
        var job = env.State.Build(build.Id)!.JobId;
        env.State.AdvanceJob(job);

        await env.Client.Builds.CancelAsync(build.Id, cancellationToken: cancel.Token);
        Assert.Equal("canceling", env.State.Job(job)!.Status);
        env.State.AdvanceJob(job);
        var error = await Assert.ThrowsAsync<CoderJobFailedException>(() => env.Client.WaitForBuildAsync(build.Id, cancellationToken: cancel.Token));

        Assert.True(error.IsCanceled);
        Assert.Equal(ProvisionerJobStatus.Canceled, error.Status);
    }

    [Fact]
    public async Task StartAsync_AnotherBuildActive_ThrowsBuildConflictNamingTheActiveBuild()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, first) = env.CreateWorkspace();

        var error = await Assert.ThrowsAsync<CoderBuildConflictException>(() => env.Client.StartWorkspaceAsync(workspace.Id));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal(first.Id, error.ActiveBuildId);
        Assert.IsAssignableFrom<CoderConflictException>(error);
    }

    [Fact]
    public async Task StopAsync_ConflictWithoutBuildId_FindsTheActiveBuildFromTheWorkspace()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, first) = env.CreateWorkspace();
        // coderd's real answer names no build: "A workspace build is already active."
        var rewriter = new ConflictRewriter { InnerHandler = new SocketsHttpHandler() };
        using var client = new CoderClient(new HttpClient(rewriter), new CoderClientOptions { BaseUrl = env.Server.BaseUrl, SessionToken = env.Server.AdminSessionToken });

        var error = await Assert.ThrowsAsync<CoderBuildConflictException>(() => client.StopWorkspaceAsync(workspace.Id));

        Assert.Equal("A workspace build is already active.", error.CoderMessage);
        Assert.Equal(first.Id, error.ActiveBuildId);
    }

    [Fact]
    public async Task RestartAsync_RunningWorkspace_StopsWaitsThenStarts()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        var progress = new ListProgress<ProvisionerJobLog>();
        using var cancel = new CancellationTokenSource(Patience);

        var start = await env.Client.RestartWorkspaceAsync(workspace.Id, progress: progress, cancellationToken: cancel.Token);

        Assert.Equal(WorkspaceTransition.Start, start.Transition);
        var builds = workspace.BuildIds.Select(id => env.State.Build(id)!).ToList();
        Assert.Equal(["start", "stop", "start"], builds.Select(b => b.Transition));
        Assert.Equal("succeeded", env.State.Job(builds[1].JobId)!.Status);
        Assert.Equal(start.Id, builds[2].Id);
        Assert.Contains(progress.Items, l => l.Output.Contains("stopping workspace", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpdateAsync_OutdatedWorkspace_StartsOnTheActiveVersion()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, first, _) = env.CreateStartedWorkspace();
        var template = env.State.Template(workspace.TemplateId)!;
        var v2 = env.State.AddTemplateVersion(template, "v2", activate: true);
        env.State.AdvanceJob(v2.JobId);
        env.State.AdvanceJob(v2.JobId);
        Assert.True((await env.Client.Workspaces.GetAsync(workspace.Id)).Outdated);

        var build = await env.Client.UpdateWorkspaceAsync(workspace.Id);

        Assert.Equal(WorkspaceTransition.Start, build.Transition);
        Assert.Equal(v2.Id, build.TemplateVersionId);
        Assert.NotEqual(first.TemplateVersionId, build.TemplateVersionId);
    }

    [Fact]
    public async Task DeleteAsync_ThenWaitForBuildAsync_RemovesTheWorkspace()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        var (workspace, _, _) = env.CreateStartedWorkspace();
        using var cancel = new CancellationTokenSource(Patience);

        var build = await env.Client.DeleteWorkspaceAsync(workspace.Id, cancellationToken: cancel.Token);
        await env.Client.WaitForBuildAsync(build.Id, cancellationToken: cancel.Token);

        Assert.Equal(WorkspaceTransition.Delete, build.Transition);
        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.Workspaces.GetAsync(workspace.Id, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task WaitForAgentsReadyAsync_NewWorkspace_ReturnsOnceTheAgentIsReady()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = true);
        var template = env.State.AddTemplate("docker");
        using var cancel = new CancellationTokenSource(Patience);
        var created = await env.Client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = "fresh", TemplateId = template.Id }, cancel.Token);

        var ready = await env.Client.WaitForAgentsReadyAsync(created.Id, cancel.Token);

        var agent = Assert.Single(ready.LatestBuild.Resources.SelectMany(r => r.Agents ?? []));
        Assert.Equal(WorkspaceAgentLifecycle.Ready, agent.LifecycleState);
        Assert.Equal(WorkspaceAgentStatus.Connected, agent.Status);
        Assert.Equal(ProvisionerJobStatus.Succeeded, ready.LatestBuild.Job.Status);
    }

    [Fact]
    public async Task WaitForAgentsReadyAsync_StartupScriptFails_ThrowsAgentStartupException()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, agent) = env.CreateStartedWorkspace(lifecycle: "starting");
        using var cancel = new CancellationTokenSource(Patience);

        var waiting = env.Client.WaitForAgentsReadyAsync(workspace.Id, cancel.Token);
        env.State.SetAgentLifecycle(agent.Id, "start_error");
        var error = await Assert.ThrowsAsync<CoderAgentStartupException>(() => waiting);

        Assert.Equal(WorkspaceAgentLifecycle.StartError, error.LifecycleState);
        Assert.Equal(agent.Id, error.Agent.Id);
        Assert.Equal(workspace.Id, error.WorkspaceId);
    }

    [Fact]
    public async Task WaitForAgentsReadyAsync_StoppedWorkspace_ThrowsInvalidOperation()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var (workspace, _, _) = env.CreateStartedWorkspace();
        var stop = env.State.CreateBuild(workspace, "stop", null, env.State.Admin);
        env.State.AdvanceJob(stop.JobId);
        env.State.AdvanceJob(stop.JobId);

        await Assert.ThrowsAsync<InvalidOperationException>(() => env.Client.WaitForAgentsReadyAsync(workspace.Id));
    }

    /// <summary>Collects reports synchronously (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class ListProgress<T> : IProgress<T>
    {
        private readonly List<T> _items = [];

        public IReadOnlyList<T> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public void Report(T value)
        {
            lock (_items)
            {
                _items.Add(value);
            }
        }
    }

    private sealed class BodyRecorder : DelegatingHandler
    {
        public List<(string Method, string Path, string Body)> Bodies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is not null)
            {
                Bodies.Add((request.Method.Method, request.RequestUri!.AbsolutePath, await request.Content.ReadAsStringAsync(cancellationToken)));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class ConflictRewriter : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                response.Content = new StringContent("{\"message\":\"A workspace build is already active.\",\"detail\":\"A workspace build is already active.\"}", Encoding.UTF8, "application/json");
            }

            return response;
        }
    }
}
