using CoderSdk.Samples;
using CoderSdk.Testing;
using CoderSdk.Tests.Support;

namespace CoderSdk.Tests.Samples;

/// <summary>The <c>template-push</c> sample pushes its bundled template twice; the second push reuses the upload.</summary>
public sealed class TemplatePushSnippetTests
{
    [Fact]
    public async Task TemplatePush_NoArguments_PushesTheBundledTemplateAndReusesTheUpload()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { SeedDemoData = false, JobStepDelay = TimeSpan.FromMilliseconds(5) });
        using var client = TestClients.For(server);
        var output = new StringWriter();
        Assert.True(SnippetCatalog.TryGet("template-push", out var snippet));

        var code = await snippet(new SnippetContext(client, output, [], server, CancellationToken.None));

        Assert.True(code == 0, output.ToString());
        var lines = output.ToString().Split(Environment.NewLine);
        Assert.Contains(lines, l => l.StartsWith("Template 'docker' created: ", StringComparison.Ordinal) && l.EndsWith("upload new.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Template 'docker' updated; new version active: ", StringComparison.Ordinal) && l.EndsWith("upload reused.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("[Setting up]", StringComparison.Ordinal));
        Assert.Single(server.State.Files);
        Assert.NotNull(server.State.FindTemplate(server.State.DefaultOrganization.Id, "docker"));
    }

    [Fact]
    public async Task TemplatePush_MissingDirectory_IsAUsageError()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { SeedDemoData = false });
        using var client = TestClients.For(server);
        Assert.True(SnippetCatalog.TryGet("template-push", out var snippet));

        var error = await Assert.ThrowsAsync<SampleUsageException>(() => snippet(new SnippetContext(client, new StringWriter(), ["/no/such/template/dir"], server, CancellationToken.None)));

        Assert.Contains("template-push [dir] [name]", error.Message, StringComparison.Ordinal);
    }
}
