using CoderSdk.Errors;
using CoderSdk.Models;
using CoderSdk.Workflows;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>template-push [dir] [name]</c>: pushes a template directory (the bundled <c>templates/docker</c> when none is
/// given) to the signed-in user's first organization, printing the import log live, then pushes it again to show
/// that coderd reuses the unchanged upload. The name defaults to the directory's name. Exits 0 when both imports
/// succeeded.
/// </summary>
public static class TemplatePush
{
    private const string Usage = "template-push [dir] [name]";

    public static async Task<int> RunAsync(SnippetContext context)
    {
        var client = context.Client;
        var cancel = context.CancellationToken;
        var directory = context.Args.Length > 0 ? context.Args[0] : Path.Combine(AppContext.BaseDirectory, "templates", "docker");
        if (!Directory.Exists(directory))
        {
            throw new SampleUsageException($"no directory '{directory}'", Usage);
        }

        var name = context.Args.Length > 1 ? context.Args[1] : new DirectoryInfo(Path.GetFullPath(directory)).Name;
        var me = await client.Users.GetAsync("me", cancel);
        if (me.OrganizationIds.Count == 0)
        {
            await context.Out.WriteLineAsync($"{me.Username} belongs to no organization.");
            return 1;
        }

        var options = new TemplatePushOptions
        {
            TemplateName = name,
            Organization = me.OrganizationIds[0],
            Message = "Pushed by the CoderSdk samples",
            Progress = new LinePrinter(context.Out),
        };
        try
        {
            foreach (var attempt in new[] { "Pushing", "Pushing again (unchanged)" })
            {
                await context.Out.WriteLineAsync($"{attempt}: {Path.GetFullPath(directory)} as '{name}'");
                var pushed = await client.PushTemplateAsync(directory, options, cancel);
                var what = pushed.Created ? "created" : pushed.Activated ? "updated; new version active" : "updated";
                await context.Out.WriteLineAsync(
                    $"Template '{pushed.Template.Name}' {what}: version {pushed.Version.Name}, archive {pushed.ArchiveSize:N0} bytes " +
                    $"sha256 {pushed.ArchiveSha256[..12]}, upload {(pushed.UploadReused ? "reused" : "new")}.");
            }

            return 0;
        }
        catch (CoderTemplateArchiveException bad)
        {
            await context.Out.WriteLineAsync(bad.Message);
            return 1;
        }
        catch (CoderTemplateVariablesMissingException missing)
        {
            await context.Out.WriteLineAsync($"Give values for: {string.Join(", ", missing.MissingVariables.Concat(missing.MissingParameters))}");
            return 1;
        }
        catch (CoderJobFailedException failed)
        {
            await context.Out.WriteLineAsync($"Import {failed.Status}: {failed.JobError}");
            return 1;
        }
    }

    /// <summary>Prints each log line as it arrives (synchronously, so lines stay in order).</summary>
    private sealed class LinePrinter(TextWriter output) : IProgress<ProvisionerJobLog>
    {
        public void Report(ProvisionerJobLog value) => output.WriteLine($"  [{value.Stage}] {value.Output}");
    }
}
