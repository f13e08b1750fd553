using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Terminal;
using CoderSdk.Workflows;
using NSubstitute;

namespace CoderSdk.Tests.Workflows;

/// <summary>
/// Every public workflow and stream runs against NSubstitute doubles of the interfaces its signature names, as a user's
/// unit test would make them: no server, no socket, no client from the SDK. One test per workflow family.
/// </summary>
public sealed class TestDoubleTests
{
    private static readonly Guid WorkspaceId = Guid.NewGuid();

    [Fact]
    public async Task Lifecycle_StartStopDeleteUpdate_OverADoubleOfTheClient_CreateBuildsWithTheirTransitions()
    {
        var client = Substitute.For<ICoderClient>();
        var activeVersion = Guid.NewGuid();
        client.Workspaces.GetAsync(WorkspaceId, Arg.Any<bool?>(), Arg.Any<CancellationToken>())
            .Returns(new Workspace { Id = WorkspaceId, TemplateActiveVersionId = activeVersion });
        client.Builds.CreateAsync(WorkspaceId, Arg.Any<CreateWorkspaceBuildRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => new WorkspaceBuild { Id = Guid.NewGuid(), Transition = call.Arg<CreateWorkspaceBuildRequest>().Transition });

        var started = await client.StartWorkspaceAsync(WorkspaceId);
        var stopped = await client.StopWorkspaceAsync(WorkspaceId);
        var deleted = await client.DeleteWorkspaceAsync(WorkspaceId, new WorkspaceBuildOptions { Orphan = true });
        var updated = await client.UpdateWorkspaceAsync(WorkspaceId);

        Assert.Equal(
            [WorkspaceTransition.Start, WorkspaceTransition.Stop, WorkspaceTransition.Delete, WorkspaceTransition.Start],
            [started.Transition, stopped.Transition, deleted.Transition, updated.Transition]);
        await client.Builds.Received(1).CreateAsync(WorkspaceId, Arg.Is<CreateWorkspaceBuildRequest>(r => r.Orphan == true), Arg.Any<CancellationToken>());
        await client.Builds.Received(1).CreateAsync(WorkspaceId, Arg.Is<CreateWorkspaceBuildRequest>(r => r.TemplateVersionId == activeVersion), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Waits_Restart_OverADoubleOfTheClient_StopsWaitsForTheStopBuildThenStarts()
    {
        var client = Substitute.For<ICoderClient>();
        var stop = new WorkspaceBuild { Id = Guid.NewGuid(), Transition = WorkspaceTransition.Stop, Job = new ProvisionerJob { Status = ProvisionerJobStatus.Succeeded } };
        client.Builds.CreateAsync(WorkspaceId, Arg.Any<CreateWorkspaceBuildRequest>(), Arg.Any<CancellationToken>())
            .Returns(call => call.Arg<CreateWorkspaceBuildRequest>().Transition == WorkspaceTransition.Stop ? stop : new WorkspaceBuild { Transition = WorkspaceTransition.Start });
        client.Streams.FollowBuildLogsAsync(stop.Id, Arg.Any<long>(), Arg.Any<CancellationToken>())
            .Returns(Sequence(new ProvisionerJobLog { Id = 1, Output = "stopping" }, new ProvisionerJobLog { Id = 2, Output = "stopped" }));
        client.Builds.GetAsync(stop.Id, Arg.Any<CancellationToken>()).Returns(stop);
        var lines = new List<string>();

        var start = await client.RestartWorkspaceAsync(WorkspaceId, progress: new SynchronousProgress<ProvisionerJobLog>(l => lines.Add(l.Output)));

        Assert.Equal(WorkspaceTransition.Start, start.Transition);
        Assert.Equal(["stopping", "stopped"], lines);
        Received.InOrder(() =>
        {
            client.Builds.CreateAsync(WorkspaceId, Arg.Is<CreateWorkspaceBuildRequest>(r => r.Transition == WorkspaceTransition.Stop), Arg.Any<CancellationToken>());
            client.Streams.FollowBuildLogsAsync(stop.Id, 0, Arg.Any<CancellationToken>());
            client.Builds.GetAsync(stop.Id, Arg.Any<CancellationToken>());
            client.Builds.CreateAsync(WorkspaceId, Arg.Is<CreateWorkspaceBuildRequest>(r => r.Transition == WorkspaceTransition.Start), Arg.Any<CancellationToken>());
        });
    }

    [Fact]
    public async Task Follows_WaitForBuild_OverADoubleOfTheStreams_ReportsEachLineWithTheCallersTokenAndFailsOnAFailedJob()
    {
        var client = Substitute.For<ICoderClient>();
        var build = Guid.NewGuid();
        using var cancel = new CancellationTokenSource();
        client.Streams.FollowBuildLogsAsync(build, 0, cancel.Token)
            .Returns(Sequence(new ProvisionerJobLog { Id = 1, Output = "init" }, new ProvisionerJobLog { Id = 2, Output = "apply" }));
        client.Builds.GetAsync(build, cancel.Token)
            .Returns(new WorkspaceBuild { Id = build, Job = new ProvisionerJob { Status = ProvisionerJobStatus.Succeeded } },
                new WorkspaceBuild { Id = build, Job = new ProvisionerJob { Status = ProvisionerJobStatus.Failed, Error = "terraform exited 1" } });
        var lines = new List<string>();

        var done = await client.WaitForBuildAsync(build, new SynchronousProgress<ProvisionerJobLog>(l => lines.Add(l.Output)), cancel.Token);
        var failed = await Assert.ThrowsAsync<CoderJobFailedException>(() => client.WaitForBuildAsync(build, cancellationToken: cancel.Token));

        Assert.Equal(build, done.Id);
        Assert.Equal(["init", "apply"], lines);
        Assert.Contains("terraform exited 1", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watches_WaitForAgentsReady_OverADoubleOfTheStreams_ReturnsTheFirstReadySnapshotOrSaysWhyNot()
    {
        var client = Substitute.For<ICoderClient>();
        client.Streams.WatchWorkspaceAsync(WorkspaceId, Arg.Any<CancellationToken>())
            .Returns(Sequence(Snapshot(WorkspaceAgentLifecycle.Starting), Snapshot(WorkspaceAgentLifecycle.Ready), Snapshot(WorkspaceAgentLifecycle.Ready)));
        var failing = Guid.NewGuid();
        client.Streams.WatchWorkspaceAsync(failing, Arg.Any<CancellationToken>()).Returns(Sequence(Snapshot(WorkspaceAgentLifecycle.StartError)));
        var ending = Guid.NewGuid();
        client.Streams.WatchWorkspaceAsync(ending, Arg.Any<CancellationToken>()).Returns(Sequence(Snapshot(WorkspaceAgentLifecycle.Starting)));

        var ready = await client.WaitForAgentsReadyAsync(WorkspaceId);

        Assert.Equal(WorkspaceAgentLifecycle.Ready, ready.LatestBuild.Resources.Single().Agents!.Single().LifecycleState);
        await Assert.ThrowsAsync<CoderAgentStartupException>(() => client.WaitForAgentsReadyAsync(failing));
        var ended = await Assert.ThrowsAsync<InvalidOperationException>(() => client.WaitForAgentsReadyAsync(ending));
        Assert.Contains(ending.ToString(), ended.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Paging_ListAll_OverADoubleOfTheArea_WalksEveryPage()
    {
        var workspaces = Substitute.For<IWorkspacesApi>();
        var all = Enumerable.Range(0, 5).Select(_ => new Workspace { Id = Guid.NewGuid() }).ToList();
        workspaces.ListAsync(Arg.Any<string?>(), Arg.Any<long?>(), Arg.Any<long?>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                var limit = (int)call.ArgAt<long?>(1)!.Value;
                var offset = (int)call.ArgAt<long?>(2)!.Value;
                return new WorkspacesResponse { Workspaces = [.. all.Skip(offset).Take(limit)], Count = all.Count };
            });

        var seen = new List<Guid>();
        await foreach (var workspace in workspaces.ListAllAsync("owner:me", pageSize: 2))
        {
            seen.Add(workspace.Id);
        }

        Assert.Equal(all.Select(w => w.Id), seen);
    }

    [Fact]
    public async Task DynamicParameters_Session_IsAnInterfaceADoubleCanPlay()
    {
        var client = Substitute.For<ICoderClient>();
        var session = Substitute.For<IDynamicParametersSession>();
        var version = Guid.NewGuid();
        session.SendAsync(Arg.Any<IReadOnlyDictionary<string, string>>(), Arg.Any<Guid?>(), Arg.Any<CancellationToken>()).Returns(1L);
        session.ReadResponsesAsync(Arg.Any<CancellationToken>()).Returns(Sequence(new DynamicParametersResponse { Id = -1 }, new DynamicParametersResponse { Id = 1 }));
        client.Streams.OpenDynamicParametersAsync(version, null, Arg.Any<CancellationToken>()).Returns(session);

        await using (var opened = await client.Streams.OpenDynamicParametersAsync(version))
        {
            var id = await opened.SendAsync(new Dictionary<string, string> { ["region"] = "eu" });
            var ids = new List<long>();
            await foreach (var response in opened.ReadResponsesAsync())
            {
                ids.Add(response.Id);
            }

            Assert.Equal(1, id);
            Assert.Equal([-1L, 1L], ids);
        }

        await session.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task Commands_RunCommandByWorkspaceName_OverADoubleOfTheClient_ResolvesTheNamedAgentAndRunsThere()
    {
        var client = Substitute.For<ICoderClient>();
        Guid main = Guid.NewGuid(), sidecar = Guid.NewGuid();
        client.Workspaces.GetByOwnerAndNameAsync("alice", "dev", Arg.Any<bool?>(), Arg.Any<CancellationToken>()).Returns(new Workspace
        {
            LatestBuild = new WorkspaceBuild
            {
                Resources = [new WorkspaceResource { Agents = [new WorkspaceAgent { Id = main, Name = "main" }, new WorkspaceAgent { Id = sidecar, Name = "sidecar" }] }],
            },
        });
        client.Streams.RunCommandAsync(sidecar, "make", Arg.Any<CoderCommandOptions?>(), Arg.Any<CancellationToken>()).Returns(new CoderCommandResult("built\r\n", 0));

        var result = await client.RunCommandAsync("alice/dev", "make", new CoderCommandOptions { AgentName = "sidecar" });
        var ambiguous = await Assert.ThrowsAsync<InvalidOperationException>(() => client.RunCommandAsync("alice/dev", "make"));

        Assert.Equal(("built\r\n", 0), (result.Output, result.ExitCode));
        Assert.Contains("2 agents (main, sidecar)", ambiguous.Message, StringComparison.Ordinal);
        await client.Streams.Received(1).RunCommandAsync(Arg.Any<Guid>(), Arg.Any<string>(), Arg.Any<CoderCommandOptions?>(), Arg.Any<CancellationToken>());
    }

    private static Workspace Snapshot(WorkspaceAgentLifecycle agent) => new()
    {
        Id = WorkspaceId,
        LatestBuild = new WorkspaceBuild
        {
            Transition = WorkspaceTransition.Start,
            Job = new ProvisionerJob { Status = ProvisionerJobStatus.Succeeded },
            Resources = [new WorkspaceResource { Agents = [new WorkspaceAgent { Name = "main", LifecycleState = agent }] }],
        },
    };

    private static async IAsyncEnumerable<T> Sequence<T>(params T[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
