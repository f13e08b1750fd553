using CoderSdk;
using CoderSdk.Samples;
using CoderSdk.Testing;

// CoderSdk samples: `dotnet run --project samples/CoderSdk.Samples -- <snippet> [args]`.
// With CODER_URL and CODER_SESSION_TOKEN set they talk to that deployment; otherwise to an embedded fake server.
// Ctrl+C and SIGTERM cancel the run; it unwinds (disposing the embedded fake server) and exits with 130 or 143.
using var stop = SampleStop.OnProcessSignals();
var cancel = stop.Token;

var name = args.Length > 0 ? args[0] : "tour";
if (name is "-h" or "--help" or "help")
{
    SnippetCatalog.PrintUsage(Console.Out);
    return 0;
}

if (!SnippetCatalog.TryGet(name, out var snippet))
{
    Console.Error.WriteLine($"Unknown snippet '{name}'.");
    SnippetCatalog.PrintUsage(Console.Error);
    return 64;
}

FakeCoderServer? fake = null;
try
{
    var url = Environment.GetEnvironmentVariable("CODER_URL");
    var token = Environment.GetEnvironmentVariable("CODER_SESSION_TOKEN");
    if (string.IsNullOrWhiteSpace(url))
    {
        fake = await FakeCoderServer.StartAsync(cancellationToken: cancel);
        url = fake.BaseUrl.ToString();
        token = fake.AdminSessionToken;
        Console.WriteLine($"CODER_URL is not set: using the embedded fake Coder server at {url}");
    }

    using var client = new CoderClient(new CoderClientOptions { BaseUrl = new Uri(url), SessionToken = token });
    var context = new SnippetContext(client, Console.Out, args.Skip(1).ToArray(), fake, cancel);
    return await snippet(context);
}
catch (CoderApiException ex)
{
    var detail = string.IsNullOrWhiteSpace(ex.Detail) ? string.Empty : $" ({ex.Detail})";
    Console.Error.WriteLine($"error: {(int)ex.StatusCode} {ex.StatusCode}: {ex.CoderMessage}{detail}");
    return 1;
}
catch (CoderConfigurationException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 2;
}
catch (HttpRequestException ex)
{
    Console.Error.WriteLine($"error: cannot reach Coder: {ex.Message}");
    return 3;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine(stop.Description);
    return stop.ExitCode;
}
finally
{
    if (fake is not null)
    {
        await fake.DisposeAsync();
    }
}
