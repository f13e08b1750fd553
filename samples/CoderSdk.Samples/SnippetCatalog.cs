using System.Diagnostics.CodeAnalysis;
using CoderSdk.Samples.Snippets;
using CoderSdk.Testing;

namespace CoderSdk.Samples;

/// <summary>What a snippet gets: the client, where to print, its own arguments, and the fake server when embedded.</summary>
public sealed record SnippetContext(ICoderClient Client, TextWriter Out, string[] Args, FakeCoderServer? FakeServer, CancellationToken CancellationToken);

/// <summary>A runnable snippet; returns the process exit code.</summary>
public delegate Task<int> Snippet(SnippetContext context);

/// <summary>The snippet names are a public contract: scripts and docs call them by name.</summary>
public static class SnippetCatalog
{
    private static readonly (string Name, string Usage, Snippet Run)[] All =
    [
        ("whoami", "whoami                 the signed-in user's name and id", WhoAmI.RunAsync),
        ("list-workspaces", "list-workspaces [q]    one line per workspace: owner/name, status, template", ListWorkspaces.RunAsync),
        ("create-and-follow", "create-and-follow [name]  create a workspace from the first template and follow its build log to the end", CreateAndFollow.RunAsync),
        ("template-push", "template-push [dir] [name]  push a template directory (default: the bundled templates/docker) and follow its import log", TemplatePush.RunAsync),
        ("watch", "watch <owner/name> [--max-updates N]  print each status change of a workspace (Ctrl+C ends)", Watch.RunAsync),
        ("exec", "exec <owner/workspace> -- <command>  run a command in a workspace, print its output, exit with its status (on the fake server: echo in admin/dev)", Exec.RunAsync),
        ("inbox", "inbox [--max N]        print each new inbox notification as it arrives (Ctrl+C ends; on the fake server it sends itself three)", Inbox.RunAsync),
        ("version-gate", "version-gate           check whether the deployment has an operation up front, then catch CoderNotSupportedException (on the fake server: a second fake acting as coderd v2.24.0)", VersionGate.RunAsync),
        ("tour", "tour                   (default) runs whoami and list-workspaces in turn", Tour.RunAsync),
    ];

    public static bool TryGet(string name, [NotNullWhen(true)] out Snippet? snippet)
    {
        snippet = All.FirstOrDefault(s => s.Name == name).Run;
        return snippet is not null;
    }

    public static IEnumerable<string> Names => All.Select(s => s.Name);

    public static void PrintUsage(TextWriter writer)
    {
        writer.WriteLine("usage: dotnet run --project samples/CoderSdk.Samples -- <snippet> [args]");
        foreach (var (_, usage, _) in All)
        {
            writer.WriteLine("  " + usage);
        }
    }
}
