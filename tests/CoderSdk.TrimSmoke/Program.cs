using System.Text.Json;
using CoderSdk;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// Exercises, after trimming, what depends on metadata: source-generated JSON with extension data and open enums,
// options validation, and DI registration. Exits non-zero on any mismatch.
const string json = """{"id":"5d3ffb1e-58d0-4b48-a7b1-6a9b9d0b5a11","name":"dev","latest_build":{"status":"hibernating","job":{"status":"running"}},"brand_new":[1,2]}""";
var workspace = JsonSerializer.Deserialize(json, CoderJsonContext.Default.Workspace)!;
var roundTrip = JsonSerializer.Serialize(workspace, CoderJsonContext.Default.Workspace);
Check(workspace.Name == "dev", "name");
Check(workspace.LatestBuild.Status.Value == "hibernating" && !workspace.LatestBuild.Status.IsKnown, "unknown enum kept");
Check(roundTrip.Contains("\"brand_new\":[1,2]", StringComparison.Ordinal), "extension data re-serialized");

var services = new ServiceCollection();
services.AddCoderClient(o =>
{
    o.BaseUrl = new Uri("https://coder.example.com");
    o.SessionToken = "trim-smoke-token";
});
using var provider = services.BuildServiceProvider();
Check(provider.GetRequiredService<ICoderClient>().BaseUrl.Host == "coder.example.com", "DI client");
try
{
    new CoderClientOptions { BaseUrl = new Uri("ftp://x") }.Validate();
    Check(false, "validation");
}
catch (CoderConfigurationException ex)
{
    Check(ex.Errors.Count == 2, "validation lists both problems");
}

// The settings table after trimming: keys bound without reflection, a bad value named, Clone and a redacted ToString.
var configured = new ServiceCollection();
configured.AddCoderClient(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Url"] = "https://coder.example.com",
    ["SessionToken"] = "trim-smoke-token",
    ["Resilience:MaxRetries"] = "5",
    ["Streaming:IdleTimeout"] = "00:02:00",
    ["Headers:X-Team"] = "platform",
}).Build());
using (var configuredProvider = configured.BuildServiceProvider())
{
    var bound = configuredProvider.GetRequiredService<IOptionsMonitor<CoderClientOptions>>().Get(Options.DefaultName);
    var text = bound.Clone().ToString();
    Check(bound.Resilience.MaxRetries == 5 && bound.Streaming.IdleTimeout == TimeSpan.FromMinutes(2) && bound.Headers["X-Team"] == "platform", "configuration bound");
    Check(text.Contains("Resilience.MaxRetries = 5", StringComparison.Ordinal) && !text.Contains("trim-smoke-token", StringComparison.Ordinal), "settings text");
}

// A real call through the Refit-generated area and the whole handler chain, against a one-shot loopback server; the
// time of this first call is the cold-start figure for a trimmed (or Native AOT) app.
using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
{
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    var serve = ServeOneAsync(listener, json);
    using var client = new CoderClient(new Uri($"http://127.0.0.1:{port}"), "trim-smoke-token");
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var fetched = await client.Workspaces.GetAsync(Guid.Parse("5d3ffb1e-58d0-4b48-a7b1-6a9b9d0b5a11"));
    var elapsed = clock.Elapsed.TotalMilliseconds;
    var request = await serve;
    Check(fetched.Name == "dev", "Refit area call");
    Check(request.StartsWith("GET /api/v2/workspaces/5d3ffb1e-58d0-4b48-a7b1-6a9b9d0b5a11 HTTP/1.1", StringComparison.Ordinal), "request line");
    Check(request.Contains("Coder-Session-Token: trim-smoke-token", StringComparison.OrdinalIgnoreCase), "token header");
    Console.WriteLine($"first call: {elapsed:0.0} ms");
}

Console.WriteLine("trim smoke: ok");
return 0;

static async Task<string> ServeOneAsync(System.Net.Sockets.TcpListener listener, string body)
{
    using var socket = await listener.AcceptTcpClientAsync();
    var stream = socket.GetStream();
    var buffer = new byte[16 * 1024];
    var received = new System.Text.StringBuilder();
    while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
    {
        var read = await stream.ReadAsync(buffer);
        if (read == 0)
        {
            break;
        }

        received.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
    }

    var payload = System.Text.Encoding.UTF8.GetBytes(body);
    var head = $"HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
    await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
    await stream.WriteAsync(payload);
    return received.ToString();
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine($"trim smoke: FAILED: {what}");
        Environment.Exit(1);
    }
}
