using System.Net;
using System.Text.Json.Nodes;
using CoderSdk.AspNetCore.Webhooks;
using CoderSdk.Testing;
using CoderSdk.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CoderSdk.AspNetCore.Tests.Webhooks;

/// <summary>
/// The receiver over real HTTP: FakeCoderServer posts coderd's webhook body and header to a WebApplication on
/// 127.0.0.1, as coderd's webhook delivery method does.
/// </summary>
public sealed class WebhookReceiverTests : IAsyncLifetime
{
    private FakeCoderServer _coder = null!;

    public async Task InitializeAsync() => _coder = await FakeCoderServer.StartAsync();

    public async Task DisposeAsync() => await _coder.DisposeAsync();

    private static async Task<(LoopbackServer App, Uri Endpoint)> ReceiverAsync(Action<CoderWebhookOptions> configure)
    {
        var app = await LoopbackServer.StartAsync(s => s.AddCoderWebhooks(configure), a => a.MapCoderWebhooks("/coder/webhook"));
        return (app, new Uri(app.BaseUrl, "coder/webhook"));
    }

    private static List<string> Logged(LoopbackServer app, int eventId) =>
        [.. app.Logs.GetSnapshot().Where(r => r.Category == CoderWebhookEndpointRouteBuilderExtensions.LogCategory && r.Id.Id == eventId).Select(r => r.Message)];

    [Fact]
    public async Task WorkspaceDeleted_ReachesItsTypedHandler_WithLabelsRecipientAndTargets()
    {
        WorkspaceDeletedNotification? received = null;
        var (app, endpoint) = await ReceiverAsync(o => o.On<WorkspaceDeletedNotification>((n, _) =>
        {
            received = n;
            return Task.CompletedTask;
        }));
        await using var _ = app;
        var workspaceId = Guid.NewGuid();
        var notification = FakeNotification.WorkspaceDeleted("dev", "autodeleted due to dormancy", "autobuild");
        notification.Targets.Add(workspaceId);
        notification.Actions.Add(new("View workspaces", "https://coder.example.com/workspaces"));

        var delivery = await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.NotNull(received);
        Assert.Equal(notification.MessageId, received.MessageId);
        Assert.Equal("dev", received.WorkspaceName);
        Assert.Equal("autodeleted due to dormancy", received.Reason);
        Assert.Equal("autobuild", received.Initiator);
        Assert.Equal("1.1", received.Message.Version);
        Assert.Equal("1.2", received.Message.Payload.Version);
        Assert.Equal("Workspace Deleted", received.Message.Payload.NotificationName);
        Assert.Equal(_coder.State.Admin.Id, received.Message.Payload.UserId);
        Assert.Equal(_coder.State.Admin.Username, received.Message.Payload.UserUsername);
        Assert.Equal(_coder.State.Admin.Email, received.Message.Payload.UserEmail);
        Assert.Equal([workspaceId], received.Message.Payload.Targets);
        Assert.Equal(new CoderNotificationAction("View workspaces", "https://coder.example.com/workspaces"), Assert.Single(received.Message.Payload.Actions));
        Assert.Empty(received.Message.Payload.Data); // coderd sends "data": null for this template
        Assert.Equal("Workspace \"dev\" deleted", received.Message.TitleMarkdown);
        Assert.Single(Logged(app, 1));
    }

    [Fact]
    public async Task TypedViews_ReadTheLabelsAndDataCoderdSends()
    {
        WorkspaceOutOfDiskNotification? disk = null;
        UserAccountCreatedNotification? created = null;
        WorkspaceManualBuildFailedNotification? failed = null;
        var (app, endpoint) = await ReceiverAsync(o => o
            .On<WorkspaceOutOfDiskNotification>((n, _) => { disk = n; return Task.CompletedTask; })
            .On<UserAccountCreatedNotification>((n, _) => { created = n; return Task.CompletedTask; })
            .On<WorkspaceManualBuildFailedNotification>((n, _) => { failed = n; return Task.CompletedTask; }));
        await using var _ = app;
        var userId = Guid.NewGuid();

        Assert.True((await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification
        {
            TemplateId = CoderNotificationTemplates.WorkspaceOutOfDisk,
            NotificationName = "Workspace Out Of Disk",
            Labels = { ["workspace"] = "dev" },
            Data = new JsonObject
            {
                ["volumes"] = new JsonArray(new JsonObject { ["path"] = "/home/coder", ["threshold"] = "90%" }),
                ["timestamp"] = "2026-12-07T06:00:00.123456700Z",
            },
        })).Succeeded);
        Assert.True((await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification
        {
            TemplateId = CoderNotificationTemplates.UserAccountCreated,
            NotificationName = "User account created",
            Labels = { ["created_account_name"] = "bob", ["created_account_user_name"] = "Bob B", ["initiator"] = "admin", ["account_type"] = "user" },
            Data = new JsonObject { ["user"] = new JsonObject { ["id"] = userId.ToString(), ["name"] = "Bob B", ["email"] = "bob@example.com" } },
        })).Succeeded);
        Assert.True((await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification
        {
            TemplateId = CoderNotificationTemplates.WorkspaceManualBuildFailed,
            NotificationName = "Workspace Manual Build Failed",
            Labels = { ["name"] = "dev", ["template_name"] = "Docker", ["template_version_name"] = "v1", ["initiator"] = "bob", ["workspace_owner_username"] = "bob", ["workspace_build_number"] = "7" },
        })).Succeeded);

        Assert.NotNull(disk);
        Assert.Equal("dev", disk.WorkspaceName);
        Assert.Equal(new CoderOutOfDiskVolume("/home/coder", "90%"), Assert.Single(disk.Volumes));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero).AddTicks(1234567), disk.DetectedAt);
        Assert.NotNull(created);
        Assert.Equal("bob", created.AccountUsername);
        Assert.Equal("user", created.AccountType);
        Assert.Equal(new CoderNotificationUser(userId, "Bob B", "bob@example.com"), created.Account);
        Assert.NotNull(failed);
        Assert.Equal(7, failed.BuildNumber);
        Assert.Equal("Docker", failed.TemplateName);
        Assert.Null(failed.Message.Payload.Labels.GetValueOrDefault("missing"));
    }

    [Fact]
    public async Task UnknownTemplate_ReachesOnUnhandled_AsRawJson_AndNotTheTypedHandlers()
    {
        CoderWebhookMessage? raw = null;
        var typed = 0;
        var any = 0;
        var (app, endpoint) = await ReceiverAsync(o => o
            .On<WorkspaceDeletedNotification>((_, _) => { typed++; return Task.CompletedTask; })
            .OnUnhandled((m, _) => { raw = m; return Task.CompletedTask; })
            .OnAny((_, _) => { any++; return Task.CompletedTask; }));
        await using var _ = app;
        var templateId = Guid.NewGuid();

        var delivery = await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification
        {
            TemplateId = templateId,
            NotificationName = "Something New",
            Labels = { ["color"] = "blue" },
            Data = new JsonObject { ["nested"] = new JsonObject { ["count"] = 3 } },
        });

        Assert.Equal(HttpStatusCode.OK, delivery.StatusCode);
        Assert.NotNull(raw);
        Assert.Equal(templateId, raw.Payload.NotificationTemplateId);
        Assert.Equal("Something New", raw.Payload.NotificationName);
        Assert.Equal("blue", raw.Payload.Labels["color"]);
        Assert.Equal(3, raw.Payload.Data["nested"].GetProperty("count").GetInt32());
        Assert.Equal(0, typed);
        Assert.Equal(1, any);
    }

    [Fact]
    public async Task Redelivery_IsAnswered200_RunsTheHandlerOnce_AndIsLogged()
    {
        var calls = 0;
        var (app, endpoint) = await ReceiverAsync(o => o.On<WorkspaceDeletedNotification>((_, _) => { calls++; return Task.CompletedTask; }));
        await using var _ = app;
        var notification = FakeNotification.WorkspaceDeleted("dev");

        var first = await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);
        var second = await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, calls);
        var duplicate = Assert.Single(Logged(app, 2));
        Assert.Contains(notification.MessageId.ToString(), duplicate, StringComparison.Ordinal);
        Assert.Equal(2, _coder.Notifications.Deliveries.Count);
    }

    [Fact]
    public async Task Redelivery_AfterTheWindow_OnTheContainersTimeProvider_RunsTheHandlerAgain()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));
        var calls = 0;
        var app = await LoopbackServer.StartAsync(
            s => s.AddSingleton<TimeProvider>(time).AddCoderWebhooks(o =>
            {
                o.DeduplicationWindow = TimeSpan.FromMinutes(10);
                o.OnAny((_, _) => { calls++; return Task.CompletedTask; });
            }),
            a => a.MapCoderWebhooks("/coder/webhook"));
        await using var _ = app;
        var endpoint = new Uri(app.BaseUrl, "coder/webhook");
        var notification = FakeNotification.WorkspaceDeleted("dev");

        await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);
        time.Advance(TimeSpan.FromMinutes(9));
        await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);
        Assert.Equal(1, calls);
        time.Advance(TimeSpan.FromMinutes(2));
        await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task NotJson_AndWrongShape_Are400_Logged_AndRunNoHandler()
    {
        var calls = 0;
        var (app, endpoint) = await ReceiverAsync(o => o.OnAny((_, _) => { calls++; return Task.CompletedTask; }));
        await using var _ = app;

        var notJson = await _coder.Notifications.DeliverRawAsync(endpoint, "<html>not json</html>", Guid.NewGuid());
        var noPayload = await _coder.Notifications.DeliverRawAsync(endpoint, $$"""{"_version":"1.1","msg_id":"{{Guid.NewGuid()}}"}""", Guid.NewGuid());
        var badId = await _coder.Notifications.DeliverRawAsync(endpoint, """{"_version":"1.1","msg_id":"not-a-uuid","payload":{}}""", Guid.NewGuid());

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPayload.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("no 'payload'", noPayload.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(0, calls);
        Assert.Equal(3, Logged(app, 4).Count);
        Assert.All(app.Logs.GetSnapshot().Where(r => r.Id.Id == 4), r => Assert.Equal(LogLevel.Warning, r.Level));
    }

    [Fact]
    public async Task HeaderThatDisagreesWithTheBody_Is400()
    {
        var (app, endpoint) = await ReceiverAsync(o => o.OnAny((_, _) => Task.CompletedTask));
        await using var _ = app;
        var body = $$"""{"_version":"1.1","msg_id":"{{Guid.NewGuid()}}","payload":{"_version":"1.2","notification_template_id":"{{Guid.NewGuid()}}" } }""";

        var delivery = await _coder.Notifications.DeliverRawAsync(endpoint, body, Guid.NewGuid());

        Assert.Equal(HttpStatusCode.BadRequest, delivery.StatusCode);
        Assert.Single(Logged(app, 6));
    }

    [Fact]
    public async Task HandlerThatThrows_Is500_AndTheRetryRunsItAgain()
    {
        var calls = 0;
        var (app, endpoint) = await ReceiverAsync(o => o.On<WorkspaceDeletedNotification>((_, _) =>
            ++calls == 1 ? throw new InvalidOperationException("downstream is down") : Task.CompletedTask));
        await using var _ = app;
        var notification = FakeNotification.WorkspaceDeleted("dev");

        var first = await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);
        var retry = await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.False(first.Succeeded);
        Assert.DoesNotContain("downstream is down", first.ResponseBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, calls);
        var failure = Assert.Single(app.Logs.GetSnapshot(), r => r.Id.Id == 8);
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Empty(Logged(app, 2)); // the retry was not a duplicate
    }

    [Fact]
    public async Task SecondDelivery_WhileTheFirstIsBeingHandled_Is409_SoCoderdRetriesIt()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (app, endpoint) = await ReceiverAsync(o => o.On<WorkspaceDeletedNotification>(async (_, _) =>
        {
            entered.TrySetResult();
            await release.Task;
        }));
        await using var _ = app;
        var notification = FakeNotification.WorkspaceDeleted("dev");

        var first = _coder.Notifications.DeliverWebhookAsync(endpoint, notification);
        await entered.Task;
        var second = await _coder.Notifications.DeliverWebhookAsync(endpoint, notification);
        release.SetResult();

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _coder.Notifications.DeliverWebhookAsync(endpoint, notification)).StatusCode);
        Assert.Single(Logged(app, 3));
    }

    [Fact]
    public async Task UnknownMajorVersion_Is400_AndLogged_NewerMinorIsAccepted()
    {
        var calls = 0;
        var (app, endpoint) = await ReceiverAsync(o => o.OnAny((_, _) => { calls++; return Task.CompletedTask; }));
        await using var _ = app;

        var v2 = await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification { TemplateId = Guid.NewGuid(), NotificationName = "x", Version = "2.0" });
        var payloadV2 = await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification { TemplateId = Guid.NewGuid(), NotificationName = "x", PayloadVersion = "2.0" });
        var v19 = await _coder.Notifications.DeliverWebhookAsync(endpoint, new FakeNotification { TemplateId = Guid.NewGuid(), NotificationName = "x", Version = "1.9", PayloadVersion = "1.7" });

        Assert.Equal(HttpStatusCode.BadRequest, v2.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, payloadV2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, v19.StatusCode);
        Assert.Equal(1, calls);
        Assert.Equal(2, Logged(app, 5).Count);
    }

    [Fact]
    public async Task OversizedBody_Is413()
    {
        var (app, endpoint) = await ReceiverAsync(o =>
        {
            o.MaxBodyBytes = 64;
            o.OnAny((_, _) => Task.CompletedTask);
        });
        await using var _ = app;

        var delivery = await _coder.Notifications.DeliverWebhookAsync(endpoint, FakeNotification.WorkspaceDeleted("dev"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, delivery.StatusCode);
    }

    [Fact]
    public async Task MapCoderWebhooks_WithoutAddCoderWebhooks_SaysWhatIsMissing()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoopbackServer.StartAsync(_ => { }, a => a.MapCoderWebhooks("/coder/webhook")));

        Assert.Contains("AddCoderWebhooks", error.Message, StringComparison.Ordinal);
    }
}
