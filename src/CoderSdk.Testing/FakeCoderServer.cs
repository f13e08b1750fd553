using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CoderSdk.Testing;

/// <summary>
/// An in-process fake of coderd: Kestrel on a free loopback port, in-memory users, templates, workspaces, builds,
/// provisioner jobs and logs, coderd's JSON shapes and error bodies. Start one per test (it starts in milliseconds),
/// point a client at <see cref="BaseUrl"/> with <see cref="AdminSessionToken"/>, and dispose it afterwards.
/// </summary>
/// <example>
/// <code>
/// await using var server = await FakeCoderServer.StartAsync();
/// using var client = new CoderClient(server.BaseUrl, server.AdminSessionToken);
/// </code>
/// </example>
public sealed partial class FakeCoderServer : IAsyncDisposable
{
    private static readonly HashSet<string> AnonymousPaths = new(StringComparer.Ordinal)
    {
        "/api/v2/buildinfo",
        "/api/v2/users/login",
        "/api/v2/users/first",
        "/api/v2/users/authmethods",
        "/healthz",
    };

    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentBag<Task> _jobRunners = [];
    private readonly ConcurrentQueue<FakeRecordedRequest> _requests = new();
    private readonly object _arrivalLock = new();
    private TaskCompletionSource _arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeCoderServer(WebApplication app, FakeCoderServerOptions options, FakeCoderState state)
    {
        _app = app;
        Options = options;
        ClaimedVersion = options.Version;
        State = state;
        Streams = new FakeStreamControl(options.TimeProvider);
        Faults = new FakeFaultInjector(options.TimeProvider);
        Notifications = new FakeNotifications(state);
    }

    /// <summary>The server's root address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Notification deliveries: post coderd's webhook body to a receiver (<see cref="FakeNotifications.DeliverWebhookAsync"/>).</summary>
    public FakeNotifications Notifications { get; }

    /// <summary>The seeded administrator's session token.</summary>
    public string AdminSessionToken => State.Admin.SessionToken;

    /// <summary>The settings the server started with.</summary>
    public FakeCoderServerOptions Options { get; }

    /// <summary>The in-memory data; tests may read and change it while the server runs.</summary>
    public FakeCoderState State { get; }

    /// <summary>Every request the server received, in arrival order (method, raw target, headers).</summary>
    public IReadOnlyList<FakeRecordedRequest> Requests => [.. _requests];

    /// <summary>
    /// Completes once the server has received <paramref name="count"/> requests that <paramref name="match"/> accepts
    /// (counting those already received). With a fake clock this is how a test knows a request is in flight before it
    /// moves time past the request's timeout, without sleeping.
    /// </summary>
    /// <param name="match">Which requests count.</param>
    /// <param name="count">How many must have arrived; at least 1.</param>
    /// <param name="cancellationToken">Stops waiting (the task is then canceled).</param>
    /// <returns>The <paramref name="count"/>-th matching request.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="match"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public async Task<FakeRecordedRequest> WaitForRequestsAsync(Func<FakeRecordedRequest, bool> match, int count = 1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        while (true)
        {
            Task arrived;
            lock (_arrivalLock)
            {
                arrived = _arrival.Task;
            }

            if (_requests.Where(match).Skip(count - 1).FirstOrDefault() is { } found)
            {
                return found;
            }

            await arrived.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    /// <param name="options">Settings; defaults when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="IOException">
    /// <see cref="FakeCoderServerOptions.Port"/> is fixed and already in use; the message names the address and port.
    /// </exception>
    public static async Task<FakeCoderServer> StartAsync(FakeCoderServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeCoderServerOptions();
        if (!IPAddress.TryParse(options.ListenAddress, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"The fake server only listens on loopback addresses; '{options.ListenAddress}' is not one.", nameof(options));
        }

        var releaseRoutes = ReleaseRoutes(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.Port);
            ListenHttps(kestrel, address, options);
        });
        builder.Services.AddRoutingCore();
        // Not the console lifetime a slim builder brings: it would take over the host process's SIGINT and SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        var app = builder.Build();

        var state = new FakeCoderState(options.TimeProvider);
        state.Initialize(options.AdminSessionToken ?? FakeCoderState.NewToken());
        state.OpenAllGates();
        var server = new FakeCoderServer(app, options, state);
        app.UseWebSockets();
        app.Use(server.RecordAsync);
        server.UseVersion(app, options, releaseRoutes);
        server.UseFaults(app);
        app.Use(server.AuthenticateAsync);
        app.Use(server.GateAsync);
        server.MapCoreEndpoints(app);
        server.MapGateEndpoints(app);
        server.MapStreamEndpoints(app);
        server.MapLiveStreamEndpoints(app);
        server.MapTerminalEndpoints(app);
        server.MapPushEndpoints(app);
        app.MapFallback((HttpContext context) => Json(context, 404, FakeCoderJson.Error("Route not found.", $"No fake endpoint for {context.Request.Method} {context.Request.Path}.")));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // A host that failed to start still holds its services and lifetime; nothing of it may outlive the failure.
            await app.DisposeAsync().ConfigureAwait(false);
            if (options.Port != 0 && error is IOException { InnerException: AddressInUseException })
            {
                throw new IOException(
                    $"The fake Coder server cannot listen on {address}:{options.Port}: the port is already in use (by another FakeCoderServer or another process). " +
                    "Leave FakeCoderServerOptions.Port at 0 to get a free port.", error);
            }

            throw;
        }

        server.SetAddresses(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses);
        if (options.SeedDemoData)
        {
            server.SeedDemoData();
        }

        return server;
    }

    /// <summary>Stops the server and the background job runners.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        }
        finally
        {
            await _app.DisposeAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(_jobRunners).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            _stopping.Dispose();
        }
    }

    /// <summary>The token the server stops with; long-running endpoints end when it fires.</summary>
    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>The host's services, for tests of how the server is hosted.</summary>
    internal IServiceProvider Services => _app.Services;

    private void SeedDemoData()
    {
        var alice = State.AddUser("alice");
        alice.Name = "Alice Liddell";
        var docker = State.AddTemplate("docker", "Docker Containers");
        var k8s = State.AddTemplate("kubernetes", "Kubernetes Pods");
        foreach (var (owner, template, name) in new[] { (State.Admin, docker, "dev"), (State.Admin, k8s, "gpu-box"), (alice, docker, "notebook") })
        {
            var (_, build) = State.CreateWorkspace(owner, template, name);
            // Seeded builds are already finished, with a short log, so the demo has history to show.
            foreach (var (stage, line) in DemoLog(name))
            {
                State.AppendLog(build.JobId, stage, line);
            }

            State.AdvanceJob(build.JobId);
            State.AdvanceJob(build.JobId);
        }
    }

    /// <summary>Runs a job through its states in the background (when <see cref="FakeCoderServerOptions.AutoAdvanceJobs"/> is on).</summary>
    internal void StartJob(FakeBuild build, FakeWorkspace workspace)
    {
        OnBuildQueued(build);
        if (!Options.AutoAdvanceJobs)
        {
            return;
        }

        RunJob(build.JobId, DemoLog(workspace.Name, build.Transition, Options.LogLinesPerBuild));
    }

    /// <summary>
    /// Moves a job through running to its end in the background, one log line per step, pausing
    /// <see cref="FakeCoderServerOptions.JobStepDelay"/> between steps; a job canceled meanwhile stops writing.
    /// </summary>
    internal void RunJob(Guid jobId, IEnumerable<(string Stage, string Line)> log)
    {
        var token = _stopping.Token;
        _jobRunners.Add(Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Options.JobStepDelay, Options.TimeProvider, token).ConfigureAwait(false);
                if (State.AdvanceJob(jobId) != "running")
                {
                    return;
                }

                foreach (var (stage, line) in log)
                {
                    await Task.Delay(Options.JobStepDelay, Options.TimeProvider, token).ConfigureAwait(false);
                    if (State.Job(jobId)!.Status != "running")
                    {
                        break;
                    }

                    State.AppendLog(jobId, stage, line);
                }

                await Task.Delay(Options.JobStepDelay, Options.TimeProvider, token).ConfigureAwait(false);
                State.AdvanceJob(jobId);
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None));
    }

    private static IEnumerable<(string Stage, string Line)> DemoLog(string workspace, string transition = "start", int lines = 4)
    {
        var stages = new[] { "Setting up", "Planning infrastructure", transition switch { "stop" => "Stopping workspace", "delete" => "Destroying workspace", _ => "Starting workspace" }, "Cleaning Up" };
        for (var i = 0; i < lines; i++)
        {
            var stage = stages[Math.Min(stages.Length - 1, i * stages.Length / Math.Max(1, lines))];
            yield return (stage, $"[{workspace}] {stage.ToLowerInvariant()}: step {i + 1} of {lines}");
        }
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new FakeRecordedRequest(context.Request.Method, raw, headers, context.Connection.LocalPort));
        TaskCompletionSource previous;
        lock (_arrivalLock)
        {
            previous = _arrival;
            _arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
        await next(context).ConfigureAwait(false);
    }

    private async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/api/", StringComparison.Ordinal) || AnonymousPaths.Contains(path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        // coderd reads the token from the header, then the cookie, then the query string.
        var token = context.Request.Headers["Coder-Session-Token"].ToString();
        if (token.Length == 0)
        {
            token = context.Request.Cookies["coder_session_token"] ?? context.Request.Query["coder_session_token"].ToString();
        }

        if (token.Length == 0)
        {
            await Json(context, 401, FakeCoderJson.Error(
                "You are signed out or your session has expired. Please sign in again to continue.",
                "Cookie \"coder_session_token\" or query parameter must be provided.")).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var user = State.FindUserByToken(token);
        if (user is null)
        {
            await Json(context, 401, FakeCoderJson.Error(
                "You are signed out or your session has expired. Please sign in again to continue.",
                "API key is invalid.")).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Items[CallerKey] = user;
        await next(context).ConfigureAwait(false);
    }

    private const string CallerKey = "fake-coder-caller";

    /// <summary>
    /// The fake server lives inside someone else's process (a test run, a demo). A console lifetime would answer that
    /// process's Ctrl+C and SIGTERM by stopping only the fake server and cancel the process's own handling, so the
    /// process kept running. This lifetime starts at once and leaves signals to the process; the server stops on dispose.
    /// </summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    internal static FakeUser Caller(HttpContext context) => (FakeUser)context.Items[CallerKey]!;

    internal static IResult Json(HttpContext context, int status, JsonNode? body) =>
        Results.Content(body?.ToJsonString() ?? "null", "application/json; charset=utf-8", System.Text.Encoding.UTF8, status);

    internal static IResult NotFound(HttpContext context) =>
        Json(context, 404, FakeCoderJson.Error("Resource not found or you do not have access to this resource"));
}
