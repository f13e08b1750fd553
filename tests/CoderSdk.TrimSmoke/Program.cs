using System.Text.Json;
using CoderSdk;
using CoderSdk.Json;
using Microsoft.Extensions.DependencyInjection;

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

Console.WriteLine("trim smoke: ok");
return 0;

static void Check(bool condition, string what)
{
    if (!condition)
    {
        Console.Error.WriteLine($"trim smoke: FAILED: {what}");
        Environment.Exit(1);
    }
}
