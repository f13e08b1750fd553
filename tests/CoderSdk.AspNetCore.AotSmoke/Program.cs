using System.Net;
using CoderSdk;
using CoderSdk.AspNetCore.Webhooks;
using CoderSdk.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

// CoderSdk.AspNetCore in a native binary: a webhook delivered by the fake coderd reaches its typed handler, a
// redelivery is a duplicate, a malformed body is a 400 problem; the health check is healthy; a coderd 404 becomes a
// ProblemDetails 404. Exits non-zero on any mismatch.
await using var coder = await FakeCoderServer.StartAsync();
string? deleted = null;
var calls = 0;

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
builder.Logging.ClearProviders();
builder.Services.AddCoderClient(o => { o.BaseUrl = coder.BaseUrl; o.SessionToken = coder.AdminSessionToken; });
builder.Services.AddHealthChecks().AddCoder();
builder.Services.AddCoderProblemDetails();
builder.Services.AddCoderWebhooks(o => o.On<WorkspaceDeletedNotification>((n, _) =>
{
    deleted = n.WorkspaceName;
    calls++;
    return Task.CompletedTask;
}));

await using var app = builder.Build();
app.UseExceptionHandler();
app.MapCoderWebhooks("/coder/webhook");
app.MapGet("/users/{name}", async (string name, ICoderClient client) => (await client.Users.GetAsync(name)).Username);
await app.StartAsync();
var baseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/') + "/");
var endpoint = new Uri(baseUrl, "coder/webhook");

var notification = FakeNotification.WorkspaceDeleted("dev");
var first = await coder.Notifications.DeliverWebhookAsync(endpoint, notification);
var again = await coder.Notifications.DeliverWebhookAsync(endpoint, notification);
var bad = await coder.Notifications.DeliverRawAsync(endpoint, "not json", Guid.NewGuid());
Check(first.StatusCode == HttpStatusCode.OK && deleted == "dev", "typed webhook handler");
Check(again.StatusCode == HttpStatusCode.OK && calls == 1, "duplicate delivery");
Check(bad.StatusCode == HttpStatusCode.BadRequest && bad.ResponseBody.Contains("\"status\":400", StringComparison.Ordinal), "400 problem for a malformed body");

var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
Check(health.Status == HealthStatus.Healthy, "health check: " + health.Entries["coder"].Description);

using var http = new HttpClient();
using var missing = await http.GetAsync(new Uri(baseUrl, "users/nobody-by-this-name"));
var problem = await missing.Content.ReadAsStringAsync();
Check(missing.StatusCode == HttpStatusCode.NotFound && problem.Contains("\"coderStatus\":404", StringComparison.Ordinal), "ProblemDetails 404: " + problem);

await app.StopAsync();
Console.WriteLine("aspnetcore aot smoke: ok");
return 0;

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine("aspnetcore aot smoke FAILED: " + what);
        Environment.Exit(1);
    }
}
