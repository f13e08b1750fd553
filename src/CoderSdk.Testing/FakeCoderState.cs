namespace CoderSdk.Testing;

/// <summary>
/// The fake server's in-memory data. Every member is thread-safe (one lock); tests may read and change it while the
/// server runs, for example to drive a job by hand or to make the next build fail.
/// </summary>
public sealed partial class FakeCoderState
{
    private readonly Dictionary<Guid, FakeUser> _users = [];
    private readonly Dictionary<Guid, FakeOrganization> _organizations = [];
    private readonly Dictionary<Guid, FakeTemplate> _templates = [];
    private readonly Dictionary<Guid, FakeTemplateVersion> _versions = [];
    private readonly Dictionary<Guid, FakeWorkspace> _workspaces = [];
    private readonly Dictionary<Guid, FakeBuild> _builds = [];
    private readonly Dictionary<Guid, FakeJob> _jobs = [];
    private long _nextLogId;
    private (string Error, string? Code)? _failNextBuild;

    internal FakeCoderState(TimeProvider time) => Time = time;

    /// <summary>The lock that guards all state; hold it to read several entities consistently.</summary>
    public object Sync { get; } = new();

    /// <summary>The clock used for timestamps.</summary>
    public TimeProvider Time { get; }

    /// <summary>Raised (outside the lock) after a job changes status.</summary>
    public event Action<FakeJob>? JobChanged;

    /// <summary>Raised (outside the lock) after a log line is appended to a job.</summary>
    public event Action<FakeJob, FakeLog>? LogAppended;

    /// <summary>The default organization every seeded entity belongs to.</summary>
    public FakeOrganization DefaultOrganization { get; private set; } = null!;

    /// <summary>The seeded administrator.</summary>
    public FakeUser Admin { get; private set; } = null!;

    /// <summary>Number of workspace-create requests that created a workspace (fault-injection tests count duplicates with it).</summary>
    public int WorkspacesCreated { get; private set; }

    internal DateTimeOffset Now => Time.GetUtcNow();

    internal void Initialize(string adminToken)
    {
        lock (Sync)
        {
            var created = Now.AddDays(-30);
            DefaultOrganization = new FakeOrganization { Name = "coder", DisplayName = "Coder", CreatedAt = created };
            _organizations[DefaultOrganization.Id] = DefaultOrganization;
            Admin = new FakeUser { Username = "admin", Email = "admin@example.com", Name = "Ada Admin", CreatedAt = created, SessionToken = adminToken };
            Admin.Roles.Add("owner");
            _users[Admin.Id] = Admin;
        }
    }

    /// <summary>Adds a user with its own session token.</summary>
    /// <param name="username">The login name.</param>
    /// <param name="sessionToken">The token that authenticates as the user (random when null).</param>
    /// <returns>The user.</returns>
    public FakeUser AddUser(string username, string? sessionToken = null)
    {
        lock (Sync)
        {
            var user = new FakeUser
            {
                Username = username,
                Email = username + "@example.com",
                CreatedAt = Now,
                SessionToken = sessionToken ?? NewToken(),
            };
            _users[user.Id] = user;
            return user;
        }
    }

    /// <summary>Adds a template with one succeeded version, in the default organization.</summary>
    /// <param name="name">The template name.</param>
    /// <param name="displayName">The display name.</param>
    /// <returns>The template.</returns>
    public FakeTemplate AddTemplate(string name, string? displayName = null)
    {
        lock (Sync)
        {
            var job = new FakeJob
            {
                Type = "template_version_import",
                Status = "succeeded",
                OrganizationId = DefaultOrganization.Id,
                InitiatorId = Admin.Id,
                CreatedAt = Now,
                StartedAt = Now,
                CompletedAt = Now,
            };
            _jobs[job.Id] = job;
            var template = new FakeTemplate
            {
                Name = name,
                DisplayName = displayName ?? name,
                Icon = "/icon/code.svg",
                OrganizationId = DefaultOrganization.Id,
                CreatedById = Admin.Id,
                CreatedAt = Now,
            };
            var version = new FakeTemplateVersion { Name = "v1", TemplateId = template.Id, JobId = job.Id, CreatedAt = Now };
            template.ActiveVersionId = version.Id;
            _templates[template.Id] = template;
            _versions[version.Id] = version;
            return template;
        }
    }

    /// <summary>Makes the next build's job fail with this error (and optional code such as <c>INSUFFICIENT_QUOTA</c>).</summary>
    /// <param name="error">The job error text.</param>
    /// <param name="errorCode">The job error code.</param>
    public void FailNextBuild(string error, string? errorCode = null)
    {
        lock (Sync)
        {
            _failNextBuild = (error, errorCode);
        }
    }

    /// <summary>Finds a user by id, username, or <c>me</c> (the caller).</summary>
    internal FakeUser? FindUser(string key, FakeUser caller)
    {
        lock (Sync)
        {
            if (key == "me")
            {
                return caller;
            }

            if (Guid.TryParse(key, out var id))
            {
                return _users.GetValueOrDefault(id);
            }

            return _users.Values.FirstOrDefault(u => string.Equals(u.Username, key, StringComparison.OrdinalIgnoreCase));
        }
    }

    internal FakeUser? FindUserByToken(string token)
    {
        lock (Sync)
        {
            return _users.Values.FirstOrDefault(u => string.Equals(u.SessionToken, token, StringComparison.Ordinal));
        }
    }

    /// <summary>All users.</summary>
    public IReadOnlyList<FakeUser> Users
    {
        get
        {
            lock (Sync)
            {
                return [.. _users.Values.OrderBy(u => u.CreatedAt).ThenBy(u => u.Username, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>All organizations, by name.</summary>
    public IReadOnlyList<FakeOrganization> Organizations
    {
        get
        {
            lock (Sync)
            {
                return [.. _organizations.Values.OrderBy(o => o.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>All templates.</summary>
    public IReadOnlyList<FakeTemplate> Templates
    {
        get
        {
            lock (Sync)
            {
                return [.. _templates.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>All workspaces, deleted ones included, oldest first.</summary>
    public IReadOnlyList<FakeWorkspace> Workspaces
    {
        get
        {
            lock (Sync)
            {
                return [.. _workspaces.Values.OrderBy(w => w.CreatedAt).ThenBy(w => w.Name, StringComparer.Ordinal)];
            }
        }
    }

    internal FakeOrganization? Organization(Guid id) => Find(_organizations, id);

    private T? Find<T>(Dictionary<Guid, T> map, Guid id) where T : class
    {
        lock (Sync)
        {
            return map.GetValueOrDefault(id);
        }
    }

    internal FakeUser? User(Guid id) => Find(_users, id);

    /// <summary>Finds a template by id.</summary>
    public FakeTemplate? Template(Guid id) => Find(_templates, id);

    /// <summary>Finds a template version by id.</summary>
    public FakeTemplateVersion? TemplateVersion(Guid id) => Find(_versions, id);

    /// <summary>Finds a workspace by id.</summary>
    public FakeWorkspace? Workspace(Guid id) => Find(_workspaces, id);

    /// <summary>Finds a build by id.</summary>
    public FakeBuild? Build(Guid id) => Find(_builds, id);

    /// <summary>Finds a job by id.</summary>
    public FakeJob? Job(Guid id) => Find(_jobs, id);

    /// <summary>The latest build of a workspace.</summary>
    public FakeBuild LatestBuild(FakeWorkspace workspace)
    {
        lock (Sync)
        {
            return _builds[workspace.BuildIds[^1]];
        }
    }

    internal FakeWorkspace? FindWorkspace(Guid ownerId, string name)
    {
        lock (Sync)
        {
            return _workspaces.Values.FirstOrDefault(w => w.OwnerId == ownerId && !w.Deleted && string.Equals(w.Name, name, StringComparison.Ordinal));
        }
    }

    /// <summary>Creates a workspace and its first start build (whose job then runs).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="template">The template.</param>
    /// <param name="name">The workspace name.</param>
    /// <param name="versionId">The template version, or the active one when null.</param>
    /// <returns>The workspace and its first build.</returns>
    public (FakeWorkspace Workspace, FakeBuild Build) CreateWorkspace(FakeUser owner, FakeTemplate template, string name, Guid? versionId = null)
    {
        lock (Sync)
        {
            var workspace = new FakeWorkspace
            {
                Name = name,
                OwnerId = owner.Id,
                OrganizationId = template.OrganizationId,
                TemplateId = template.Id,
                CreatedAt = Now,
                UpdatedAt = Now,
                LastUsedAt = Now,
            };
            _workspaces[workspace.Id] = workspace;
            WorkspacesCreated++;
            var build = CreateBuildLocked(workspace, "start", versionId ?? template.ActiveVersionId, owner.Id, "initiator");
            return (workspace, build);
        }
    }

    /// <summary>Queues a build on a workspace.</summary>
    /// <param name="workspace">The workspace.</param>
    /// <param name="transition"><c>start</c>, <c>stop</c> or <c>delete</c>.</param>
    /// <param name="versionId">The template version; the latest build's when null.</param>
    /// <param name="initiator">Who asked for it.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The build.</returns>
    public FakeBuild CreateBuild(FakeWorkspace workspace, string transition, Guid? versionId, FakeUser initiator, string reason = "initiator")
    {
        lock (Sync)
        {
            return CreateBuildLocked(workspace, transition, versionId ?? _builds[workspace.BuildIds[^1]].TemplateVersionId, initiator.Id, reason);
        }
    }

    /// <summary>The active (unfinished) build of a workspace, if any.</summary>
    public FakeBuild? ActiveBuild(FakeWorkspace workspace)
    {
        lock (Sync)
        {
            if (workspace.BuildIds.Count == 0)
            {
                return null;
            }

            var latest = _builds[workspace.BuildIds[^1]];
            return _jobs[latest.JobId].IsCompleted ? null : latest;
        }
    }

    private FakeBuild CreateBuildLocked(FakeWorkspace workspace, string transition, Guid versionId, Guid initiatorId, string reason)
    {
        var job = new FakeJob { OrganizationId = workspace.OrganizationId, InitiatorId = initiatorId, CreatedAt = Now };
        if (_failNextBuild is { } fail)
        {
            _failNextBuildByJob[job.Id] = fail;
            _failNextBuild = null;
        }

        _jobs[job.Id] = job;
        var build = new FakeBuild
        {
            WorkspaceId = workspace.Id,
            BuildNumber = workspace.BuildIds.Count + 1,
            Transition = transition,
            Reason = reason,
            TemplateVersionId = versionId,
            InitiatorId = initiatorId,
            JobId = job.Id,
            CreatedAt = Now,
        };
        _builds[build.Id] = build;
        workspace.BuildIds.Add(build.Id);
        workspace.UpdatedAt = Now;
        return build;
    }

    private readonly Dictionary<Guid, (string Error, string? Code)> _failNextBuildByJob = [];

    /// <summary>Appends a log line to a job.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="stage">The stage name.</param>
    /// <param name="output">The text.</param>
    /// <param name="level">The level.</param>
    /// <returns>The line.</returns>
    public FakeLog AppendLog(Guid jobId, string stage, string output, string level = "info")
    {
        FakeJob job;
        FakeLog log;
        lock (Sync)
        {
            job = _jobs[jobId];
            log = new FakeLog(++_nextLogId, Now, "provisioner", level, stage, output);
            job.Logs.Add(log);
        }

        LogAppended?.Invoke(job, log);
        return log;
    }

    /// <summary>Log lines of a job with an id greater than <paramref name="after"/> (and less than <paramref name="before"/> when positive).</summary>
    public IReadOnlyList<FakeLog> Logs(Guid jobId, long after = 0, long before = 0)
    {
        lock (Sync)
        {
            return [.. _jobs[jobId].Logs.Where(l => l.Id > after && (before <= 0 || l.Id < before))];
        }
    }

    /// <summary>
    /// Moves a job one step: pending to running, running to succeeded (or failed when a failure was queued with
    /// <see cref="FailNextBuild"/>), canceling to canceled. A finished job does not move.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <returns>The new status.</returns>
    public string AdvanceJob(Guid jobId)
    {
        FakeJob job;
        lock (Sync)
        {
            job = _jobs[jobId];
            switch (job.Status)
            {
                case "pending":
                    job.Status = "running";
                    job.StartedAt = Now;
                    break;
                case "running":
                    if (_failNextBuildByJob.Remove(jobId, out var fail))
                    {
                        job.Status = "failed";
                        job.Error = fail.Error;
                        job.ErrorCode = fail.Code;
                    }
                    else
                    {
                        job.Status = "succeeded";
                    }

                    job.CompletedAt = Now;
                    CompleteBuildLocked(job);
                    break;
                case "canceling":
                    job.Status = "canceled";
                    job.CanceledAt ??= Now;
                    job.CompletedAt = Now;
                    break;
                default:
                    return job.Status;
            }
        }

        JobChanged?.Invoke(job);
        return job.Status;
    }

    /// <summary>Asks a job to cancel: a pending job is canceled at once, a running one goes to canceling.</summary>
    /// <param name="jobId">The job.</param>
    /// <returns>False when the job had already finished.</returns>
    public bool CancelJob(Guid jobId)
    {
        FakeJob job;
        lock (Sync)
        {
            job = _jobs[jobId];
            if (job.IsCompleted || job.Status == "canceling")
            {
                return false;
            }

            job.CanceledAt = Now;
            if (job.Status == "pending")
            {
                job.Status = "canceled";
                job.CompletedAt = Now;
            }
            else
            {
                job.Status = "canceling";
            }
        }

        JobChanged?.Invoke(job);
        return true;
    }

    private void CompleteBuildLocked(FakeJob job)
    {
        var build = _builds.Values.FirstOrDefault(b => b.JobId == job.Id);
        if (build is not null && build.Transition == "delete" && job.Status == "succeeded")
        {
            _workspaces[build.WorkspaceId].Deleted = true;
        }
    }

    /// <summary>The workspace status implied by a build and its job, as coderd derives it.</summary>
    public string WorkspaceStatus(FakeBuild build)
    {
        lock (Sync)
        {
            var job = _jobs[build.JobId];
            return job.Status switch
            {
                "pending" => "pending",
                "running" => build.Transition switch { "start" => "starting", "stop" => "stopping", _ => "deleting" },
                "succeeded" => build.Transition switch { "start" => "running", "stop" => "stopped", _ => "deleted" },
                "canceling" => "canceling",
                "canceled" => "canceled",
                _ => "failed",
            };
        }
    }

    internal static string NewToken()
    {
        // Coder tokens look like "<10 char id>-<22 char secret>".
        var id = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(5)).ToLowerInvariant();
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).Replace('+', 'a').Replace('/', 'b').TrimEnd('=');
        return id + "-" + secret;
    }
}
