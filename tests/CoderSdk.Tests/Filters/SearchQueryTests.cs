using CoderSdk.Filters;
using CoderSdk.Models;
using CoderSdk.Testing;
using CoderSdk.Tests.Streaming;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Filters;

public sealed class SearchQueryTests
{
    [Theory]
    [InlineData("dev", "owner:dev")]
    [InlineData("my template", "template:\"my template\"")]
    [InlineData("a:b", "template:\"a:b\"")]
    [InlineData("2025-01-02T03:04:05Z", "template:\"2025-01-02T03:04:05Z\"")]
    [InlineData("x\"y\"z", "template:x\"y\"z")]
    [InlineData("say \"hi\" now", "template:\"say \"hi\" now\"")]
    [InlineData("ünïcode", "template:ünïcode")]
    public void Term_Value_IsWrittenSoCoderdReadsItBack(string value, string expectedForKeyInExample)
    {
        var key = expectedForKeyInExample[..expectedForKeyInExample.IndexOf(':', StringComparison.Ordinal)];

        var term = CoderSearchQuery.Term(key, value);

        Assert.Equal(expectedForKeyInExample, term);
        var parsed = FakeCoderServer.ParseSearchQuery(term + " status:running", out var error);
        Assert.Null(error);
        Assert.Equal([new(key, value), new("status", "running")], parsed);
    }

    [Theory]
    [InlineData("\"quoted\"")]
    [InlineData("half\"quote")]
    [InlineData("a \"b c\"")]
    [InlineData("trailing\"")]
    public void Term_ValueCoderdCannotExpress_ThrowsInsteadOfSendingSomethingElse(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => CoderSearchQuery.Term("name", value));

        Assert.Contains("no escape", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    public void Term_EmptyValue_Throws(string value) =>
        Assert.Throws<ArgumentException>(() => CoderSearchQuery.Term("name", value));

    [Theory]
    [InlineData("has agent")]
    [InlineData("a:b")]
    [InlineData("\"k\"")]
    public void Term_KeyThatIsNotAWord_Throws(string key) =>
        Assert.Throws<ArgumentException>(() => CoderSearchQuery.Term(key, "x"));

    [Fact]
    public void WorkspaceFilter_EveryKey_WritesCodersSyntax()
    {
        var q = WorkspaceFilter.OwnedByMe()
            .Name("dev")
            .Template("my template")
            .Status(WorkspaceStatus.Running)
            .Organization("coder")
            .HasAgent(WorkspaceAgentStatus.Connected)
            .Outdated()
            .Dormant(false)
            .Deleted()
            .LastUsedBefore(new DateTimeOffset(2025, 1, 2, 4, 4, 5, TimeSpan.FromHours(1)))
            .LastUsedAfter(new DateTimeOffset(2024, 12, 1, 0, 0, 0, 250, TimeSpan.Zero))
            .Parameter("region", "eu west")
            .Raw("has-ai-task:true");

        Assert.Equal(
            "owner:me name:dev template:\"my template\" status:running organization:coder has-agent:connected outdated:true dormant:false deleted:true " +
            "last_used_before:\"2025-01-02T03:04:05Z\" last_used_after:\"2024-12-01T00:00:00.25Z\" param:\"region=eu west\" has-ai-task:true",
            q.ToString());
        var parsed = FakeCoderServer.ParseSearchQuery(q, out var error);
        Assert.Null(error);
        Assert.Contains(new KeyValuePair<string, string>("param", "region=eu west"), parsed);
        Assert.Contains(new KeyValuePair<string, string>("last_used_before", "2025-01-02T03:04:05Z"), parsed);
        Assert.Equal(13, parsed.Count);
    }

    [Fact]
    public void WorkspaceFilter_OwnedByMe_IsOneCall()
    {
        string q = WorkspaceFilter.OwnedByMe();

        Assert.Equal("owner:me", q);
    }

    [Fact]
    public void UserFilter_Keys_WriteCodersSyntax()
    {
        var q = new UserFilter().Search("ada lovelace").Status("active").Role("template-admin").LoginType("oidc")
            .CreatedAfter(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("search:\"ada lovelace\" status:active role:template-admin login_type:oidc created_after:\"2024-01-01T00:00:00Z\"", q.ToString());
    }

    [Fact]
    public void TemplateFilter_AuthoredByMe_WritesAuthorMe()
    {
        var q = TemplateFilter.AuthoredByMe().ExactName("docker").Deprecated(false);

        Assert.Equal("author:me exact_name:docker deprecated:false", q.ToString());
    }

    [Fact]
    public void AuditLogFilter_Dates_UseCodersDayFormat()
    {
        var resource = Guid.Parse("7d0f1c4e-2a4b-4c7e-9f3a-0b9d8e6c5a41");
        var q = new AuditLogFilter().Username("alice").ResourceType("workspace_build").ResourceId(resource).Action("start")
            .DateFrom(new DateOnly(2025, 3, 1)).DateTo(new DateOnly(2025, 3, 31));

        Assert.Equal($"username:alice resource_type:workspace_build resource_id:{resource} action:start date_from:2025-03-01 date_to:2025-03-31", q.ToString());
    }

    [Fact]
    public async Task ListAllAsync_WithFilter_ReturnsWhatCoderdMatches()
    {
        await using var env = await FakeEnvironment.StartAsync(server: o => o.SeedDemoData = true);

        var mine = await env.Client.Workspaces.ListAllAsync(WorkspaceFilter.OwnedByMe().Template("docker")).Select(w => w.Name).ToListAsync();
        var alices = await env.Client.Workspaces.ListAllAsync(new WorkspaceFilter().Owner("alice")).Select(w => w.Name).ToListAsync();
        var none = await env.Client.Workspaces.ListAllAsync(new WorkspaceFilter().Name("no such workspace")).ToListAsync();

        Assert.Equal(["dev"], mine);
        Assert.Equal(["notebook"], alices);
        Assert.Empty(none);
        Assert.Contains(env.Server.Requests, r => r.RawTarget.Contains("q=name%3A%22no%20such%20workspace%22", StringComparison.Ordinal));
    }
}
