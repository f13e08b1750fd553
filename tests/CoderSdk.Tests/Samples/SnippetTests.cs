using CoderSdk.Samples;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Samples;

/// <summary>The sample snippets are a public contract: their names and output shape must keep working.</summary>
public sealed class SnippetTests
{
    [Theory]
    [InlineData("whoami")]
    [InlineData("list-workspaces")]
    [InlineData("tour")]
    [InlineData("inbox")]
    public void Catalog_PublicSnippetNames_Present(string name) => Assert.True(SnippetCatalog.TryGet(name, out _));

    [Fact]
    public async Task WhoAmI_FakeServer_PrintsUsernameAndId()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("whoami", client, output, server);

        Assert.Equal(0, code);
        Assert.Equal($"admin ({server.State.Admin.Id}){Environment.NewLine}", output.ToString());
    }

    [Fact]
    public async Task ListWorkspaces_WithFilter_OneLinePerWorkspace()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("list-workspaces", client, output, server, "owner:admin");

        Assert.Equal(0, code);
        var lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal(["admin/dev  running  docker", "admin/gpu-box  running  kubernetes", "2 of 2 workspaces"], lines);
    }

    [Fact]
    public async Task Tour_FakeServer_PrintsVersionUserAndWorkspaces()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("tour", client, output, server);

        Assert.Equal(0, code);
        Assert.Contains("Coder v2.24.0-fake", output.ToString());
        Assert.Contains("alice/notebook  running  docker", output.ToString());
    }

    [Fact]
    public async Task Inbox_FakeServer_PrintsTheThreeNotificationsItSendsAndExits()
    {
        await using var server = await FakeCoderServer.StartAsync();
        using var client = TestClients.For(server);
        var output = new StringWriter();

        var code = await Run("inbox", client, output, server);

        Assert.Equal(0, code);
        var lines = output.ToString().TrimEnd().Split(Environment.NewLine);
        Assert.Equal("Watching the inbox (Ctrl+C to stop):", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("Workspace build failed: admin/dev: terraform apply failed (1 unread)", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("(3 unread)", lines[3], StringComparison.Ordinal);
    }

    private static Task<int> Run(string name, ICoderClient client, TextWriter output, FakeCoderServer server, params string[] args)
    {
        Assert.True(SnippetCatalog.TryGet(name, out var snippet));
        return snippet(new SnippetContext(client, output, args, server, CancellationToken.None));
    }
}
