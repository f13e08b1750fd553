using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Workflows;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>create-and-follow [name]</c>: creates a workspace from the first template, follows its build log live to the
/// end, prints each line and the final status. Exits 0 when the build succeeded.
/// </summary>
public static class CreateAndFollow
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var client = context.Client;
        var cancel = context.CancellationToken;
        var templates = await client.Templates.ListAsync(cancel);
        if (templates.Count == 0)
        {
            await context.Out.WriteLineAsync("No templates: create one first (coder templates push).");
            return 1;
        }

        var template = templates[0];
        var name = context.Args.Length > 0 ? context.Args[0] : $"sample-{Guid.NewGuid().ToString("N")[..6]}";
        var workspace = await client.Workspaces.CreateAsync("me", new CreateWorkspaceRequest { Name = name, TemplateId = template.Id }, cancel);
        await context.Out.WriteLineAsync($"Created {workspace.OwnerName}/{workspace.Name} from template '{template.Name}'; following build #{workspace.LatestBuild.BuildNumber}:");

        try
        {
            var build = await client.WaitForBuildAsync(workspace.LatestBuild.Id, new LinePrinter(context.Out), cancel);
            await context.Out.WriteLineAsync($"Build #{build.BuildNumber} {build.Job.Status}: the workspace is {build.Status}.");
            return 0;
        }
        catch (CoderJobFailedException failed)
        {
            var code = failed.ErrorCode is { } errorCode ? $" [{errorCode}]" : string.Empty;
            await context.Out.WriteLineAsync($"Build {failed.Status}: {failed.JobError}{code}");
            return 1;
        }
    }

    /// <summary>Prints each log line as it arrives (synchronously, so lines stay in order).</summary>
    private sealed class LinePrinter(TextWriter output) : IProgress<ProvisionerJobLog>
    {
        public void Report(ProvisionerJobLog value) =>
            output.WriteLine($"  {value.CreatedAt.ToLocalTime():HH:mm:ss} [{value.Stage}] {value.Output}");
    }
}
