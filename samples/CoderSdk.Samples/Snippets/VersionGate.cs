using CoderSdk.Apis;
using CoderSdk.Errors;
using CoderSdk.Testing;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>version-gate</c>: asks whether the deployment has an operation before calling it, then calls it anyway and
/// catches <see cref="CoderNotSupportedException"/>. On the embedded fake server it starts a second fake that acts as
/// the older release coderd v2.24.0, which lacks the AI Gateway routes (<c>AIGateway.ListModelsAsync</c>).
/// </summary>
public static class VersionGate
{
    /// <summary>The older release the embedded demo acts as.</summary>
    public const string OldRelease = "v2.24.0";

    public static async Task<int> RunAsync(SnippetContext context)
    {
        if (context.Args.Length > 0)
        {
            throw new SampleUsageException($"version-gate takes no arguments, not '{context.Args[0]}'", "version-gate");
        }

        var output = context.Out;
        var token = context.CancellationToken;
        if (context.FakeServer is null)
        {
            return await ShowAsync(context.Client, output, token);
        }

        await using var old = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = OldRelease, RestrictToVersion = true, SeedDemoData = false }, token);
        using var client = new CoderClient(old.BaseUrl, old.AdminSessionToken);
        await output.WriteLineAsync($"A second embedded fake server acts as coderd {OldRelease} at {old.BaseUrl}");
        return await ShowAsync(client, output, token);
    }

    private static async Task<int> ShowAsync(ICoderClient client, TextWriter output, CancellationToken token)
    {
        var version = await client.GetServerVersionAsync(token);
        await output.WriteLineAsync($"server version: {version?.ToString() ?? "not a release number (version checks are off)"}");

        // 1. Up front: no call to the operation, only the server's version against the SDK's release data.
        var support = await client.CheckSupportAsync<IAIGatewayApi>(nameof(IAIGatewayApi.ListModelsAsync), token);
        await output.WriteLineAsync($"up-front check: {support.Operation}: {support.Status}: {support.Reason}");
        if (support.Operation.IntroducedIn is null)
        {
            await output.WriteLineAsync("note: this SDK build has no release data for the operation yet, so it counts as available everywhere.");
        }

        // 2. Calling it anyway: an older release answers 404, which the SDK names for what it is.
        try
        {
            var models = await client.AIGateway.ListModelsAsync(token);
            await output.WriteLineAsync($"call: the server listed {models.Count} AI Gateway models");
        }
        catch (CoderNotSupportedException ex)
        {
            await output.WriteLineAsync($"call: not supported: {ex.OperationName} needs coderd {ex.IntroducedIn?.ToString() ?? "(a release that has it)"}; the server runs {ex.ServerVersion}");
        }
        catch (CoderNotFoundException ex)
        {
            await output.WriteLineAsync($"call: 404 without a version verdict: {ex.CoderMessage}");
        }

        return 0;
    }
}
