using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Tests.Streaming;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Workflows;

/// <summary>PushTemplateAsync over the fake coderd: upload (reused when unchanged), import with its log, then create or promote.</summary>
public sealed class TemplatePushTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TemplateDirectory _dir = new();

    public TemplatePushTests() => _dir.Write("main.tf", "terraform {}\n");

    public void Dispose() => _dir.Dispose();

    private static Task<FakeEnvironment> StartAsync(bool autoAdvance = true) =>
        FakeEnvironment.StartAsync(server: o => o.AutoAdvanceJobs = autoAdvance);

    private static TemplatePushOptions Options(FakeEnvironment env, string name = "docker") =>
        new() { TemplateName = name, Organization = env.State.DefaultOrganization.Id };

    [Fact]
    public async Task PushTemplateAsync_NewName_CreatesTheTemplateOnTheImportedVersion()
    {
        await using var env = await StartAsync();
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.PushTemplateAsync(_dir.Path, Options(env), cancel.Token);

        Assert.True(result.Created);
        Assert.True(result.Activated);
        Assert.False(result.UploadReused);
        Assert.Equal(ProvisionerJobStatus.Succeeded, result.Version.Job.Status);
        Assert.Equal(result.Template.Id, result.Version.TemplateId);
        Assert.Equal(result.Version.Id, result.Template.ActiveVersionId);
        var stored = env.State.FindTemplate(env.State.DefaultOrganization.Id, "docker");
        Assert.NotNull(stored);
        Assert.Equal(result.Version.Id, stored.ActiveVersionId);
        var file = Assert.Single(env.State.Files);
        Assert.Equal(result.FileId, file.Id);
        Assert.Equal(CoderTemplateArchive.Create(_dir.Path), file.Data);
        Assert.Equal(file.Hash, result.ArchiveSha256);
        var upload = Assert.Single(env.Server.Requests, r => r.Method == "POST" && r.RawTarget == "/api/v2/files");
        Assert.Equal("application/x-tar", upload.Headers["Content-Type"]);
    }

    [Fact]
    public async Task PushTemplateAsync_UnchangedDirectoryAgain_ReusesTheUpload()
    {
        await using var env = await StartAsync();
        using var cancel = new CancellationTokenSource(Patience);

        var first = await env.Client.PushTemplateAsync(_dir.Path, Options(env), cancel.Token);
        var second = await env.Client.PushTemplateAsync(_dir.Path, Options(env), cancel.Token);

        Assert.False(first.UploadReused);
        Assert.True(second.UploadReused);
        Assert.Equal(first.FileId, second.FileId);
        Assert.Single(env.State.Files);
        Assert.Equal(2, env.Server.Requests.Count(r => r.Method == "POST" && r.RawTarget == "/api/v2/files"));
        Assert.NotEqual(first.Version.Id, second.Version.Id);
        Assert.False(second.Created);
        Assert.Equal(second.Version.Id, second.Template.ActiveVersionId);

        _dir.Write("main.tf", "terraform {}\n# changed\n");
        var third = await env.Client.PushTemplateAsync(_dir.Path, Options(env), cancel.Token);
        Assert.False(third.UploadReused);
        Assert.NotEqual(first.FileId, third.FileId);
    }

    [Fact]
    public async Task PushTemplateAsync_ExistingTemplate_PromotesTheNewVersion()
    {
        await using var env = await StartAsync();
        var template = env.State.AddTemplate("docker");
        var before = template.ActiveVersionId;
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.PushTemplateAsync(_dir.Path, Options(env), cancel.Token);

        Assert.False(result.Created);
        Assert.True(result.Activated);
        Assert.Equal(template.Id, result.Template.Id);
        Assert.Equal(template.Id, env.State.TemplateVersion(result.Version.Id)!.TemplateId);
        Assert.NotEqual(before, template.ActiveVersionId);
        Assert.Equal(result.Version.Id, template.ActiveVersionId);
        Assert.Equal(result.Version.Id, result.Template.ActiveVersionId);
        Assert.Single(env.Server.Requests, r => r.Method == "PATCH" && r.RawTarget == $"/api/v2/templates/{template.Id}/versions");
        Assert.DoesNotContain(env.Server.Requests, r => r.Method == "POST" && r.RawTarget.EndsWith("/templates", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PushTemplateAsync_NoTagsGiven_ReusesTheActiveVersionsTags()
    {
        await using var env = await StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        var tagged = new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            ProvisionerTags = new Dictionary<string, string> { ["pool"] = "ci" },
        };
        await env.Client.PushTemplateAsync(_dir.Path, tagged, cancel.Token);

        var inherited = await env.Client.PushTemplateAsync(_dir.Path, Options(env), cancel.Token);
        var cleared = await env.Client.PushTemplateAsync(_dir.Path, new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            ProvisionerTags = new Dictionary<string, string>(),
        }, cancel.Token);

        Assert.Equal("ci", inherited.Version.Job.Tags["pool"]);
        Assert.False(cleared.Version.Job.Tags.ContainsKey("pool"));
    }

    [Fact]
    public async Task PushTemplateAsync_ActivateOff_LeavesTheActiveVersion()
    {
        await using var env = await StartAsync();
        var template = env.State.AddTemplate("docker");
        var before = template.ActiveVersionId;
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.PushTemplateAsync(_dir.Path, new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            Activate = false,
            VersionName = "candidate",
            Message = "try this first",
            ProvisionerTags = new Dictionary<string, string> { ["pool"] = "ci" },
        }, cancel.Token);

        Assert.False(result.Activated);
        Assert.Equal(before, template.ActiveVersionId);
        Assert.Equal(before, result.Template.ActiveVersionId);
        Assert.Equal("candidate", result.Version.Name);
        Assert.Equal("try this first", result.Version.Message);
        Assert.Equal("ci", result.Version.Job.Tags["pool"]);
        Assert.DoesNotContain(env.Server.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task PushTemplateAsync_NameTakenInAnotherOrganization_CreatesItInTheGivenOne()
    {
        await using var env = await StartAsync();
        var elsewhere = env.State.AddTemplate("docker");
        var before = elsewhere.ActiveVersionId;
        var other = env.State.AddOrganization("platform");
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.PushTemplateAsync(_dir.Path, new TemplatePushOptions { TemplateName = "docker", Organization = other.Id }, cancel.Token);

        Assert.True(result.Created);
        Assert.NotEqual(elsewhere.Id, result.Template.Id);
        Assert.Equal(other.Id, result.Template.OrganizationId);
        Assert.Equal(before, elsewhere.ActiveVersionId);
    }

    [Fact]
    public async Task PushTemplateAsync_CreateIfMissingOff_ThrowsNotFoundBeforeUploading()
    {
        await using var env = await StartAsync();

        await Assert.ThrowsAsync<CoderNotFoundException>(() => env.Client.PushTemplateAsync(_dir.Path,
            new TemplatePushOptions { TemplateName = "nothing-here", Organization = env.State.DefaultOrganization.Id, CreateIfMissing = false }));

        Assert.Empty(env.State.Files);
    }

    [Fact]
    public async Task PushTemplateAsync_MissingVariables_ThrowsOneExceptionNamingThem()
    {
        _dir.Write("variables.tf", """
            variable "region" {
              type = string
            }
            variable "size" {
              default = "small"
            }
            variable "token" {
              validation {
                condition = length(var.token) > 0
              }
            }
            variable "zone" {}
            """);
        await using var env = await StartAsync();
        using var cancel = new CancellationTokenSource(Patience);
        var options = new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            UserVariableValues = new Dictionary<string, string> { ["zone"] = "eu-1" },
        };

        var error = await Assert.ThrowsAsync<CoderTemplateVariablesMissingException>(() => env.Client.PushTemplateAsync(_dir.Path, options, cancel.Token));

        Assert.Equal(["region", "token"], error.MissingVariables);
        Assert.Empty(error.MissingParameters);
        Assert.Equal(JobErrorCode.RequiredTemplateVariables, error.ErrorCode);
        Assert.Contains("region, token", error.Message, StringComparison.Ordinal);
        Assert.Null(env.State.FindTemplate(env.State.DefaultOrganization.Id, "docker"));

        var fixedUp = new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            UserVariableValues = new Dictionary<string, string> { ["zone"] = "eu-1", ["region"] = "eu", ["token"] = "t" },
        };
        var result = await env.Client.PushTemplateAsync(_dir.Path, fixedUp, cancel.Token);
        Assert.True(result.Created);
        Assert.True(result.UploadReused);
    }

    [Fact]
    public async Task PushTemplateAsync_Progress_ReceivesEveryImportLineInOrder()
    {
        await using var env = await StartAsync();
        var progress = new OrderedProgress();
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.PushTemplateAsync(_dir.Path, new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            Progress = progress,
        }, cancel.Token);

        var expected = env.State.Logs(env.State.TemplateVersion(result.Version.Id)!.JobId);
        Assert.Equal(5, expected.Count);
        Assert.Equal(expected.Select(l => l.Id), progress.Lines.Select(l => l.Id));
        Assert.Equal(expected.Select(l => l.Output), progress.Lines.Select(l => l.Output));
        Assert.Equal("Setting up", progress.Lines[0].Stage);
    }

    [Fact]
    public async Task PushTemplateAsync_CanceledDuringImport_CancelsTheJobAndThrowsCanceled()
    {
        await using var env = await StartAsync(autoAdvance: false);
        var progress = new OrderedProgress();
        using var cancel = new CancellationTokenSource(Patience);
        var push = env.Client.PushTemplateAsync(_dir.Path, new TemplatePushOptions
        {
            TemplateName = "docker",
            Organization = env.State.DefaultOrganization.Id,
            Progress = progress,
        }, cancel.Token);

        await env.SubscribedAsync("/templateversions/");
        var version = env.State.TemplateVersions(Guid.Empty).Single();
        env.State.AdvanceJob(version.JobId);
        env.State.AppendLog(version.JobId, "Setting up", "first line");
        await progress.First.WaitAsync(Patience);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => push);

        Assert.Single(env.Server.Requests, r => r.Method == "PATCH" && r.RawTarget == $"/api/v2/templateversions/{version.Id}/cancel");
        Assert.Equal("canceling", env.State.Job(version.JobId)!.Status);
        Assert.Null(env.State.FindTemplate(env.State.DefaultOrganization.Id, "docker"));
    }

    [Fact]
    public async Task PushTemplateArchiveAsync_TarStream_IsUploadedAsItIs()
    {
        await using var env = await StartAsync();
        var bytes = CoderTemplateArchive.Create(_dir.Path);
        using var cancel = new CancellationTokenSource(Patience);

        var result = await env.Client.PushTemplateArchiveAsync(new MemoryStream(bytes), Options(env, "from-stream"), cancel.Token);

        Assert.True(result.Created);
        Assert.Equal(bytes, env.State.File(result.FileId)!.Data);
        Assert.Equal(bytes.Length, result.ArchiveSize);
    }

    [Fact]
    public async Task PushTemplateAsync_EmptyName_ThrowsArgumentExceptionWithoutARequest()
    {
        await using var env = await StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => env.Client.PushTemplateAsync(_dir.Path, new TemplatePushOptions { TemplateName = " ", Organization = env.State.DefaultOrganization.Id }));

        Assert.Empty(env.Server.Requests);
    }

    /// <summary>Keeps each reported line in the order reported (Progress&lt;T&gt; would post them to the thread pool).</summary>
    private sealed class OrderedProgress : IProgress<ProvisionerJobLog>
    {
        private readonly List<ProvisionerJobLog> _lines = [];
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task First => _first.Task;

        public IReadOnlyList<ProvisionerJobLog> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public void Report(ProvisionerJobLog value)
        {
            lock (_lines)
            {
                _lines.Add(value);
            }

            _first.TrySetResult();
        }
    }
}
