using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Web;
using CoderSdk.Configuration;
using CoderSdk.Filters;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Workflows;

/// <summary>The list-all walks over generated list operations, against a handler that pages like coderd.</summary>
public sealed class ListAllTests
{
    [Fact]
    public async Task UsersListAllAsync_CountedList_WalksPagesLazilyWithTheQuery()
    {
        var handler = new PagingHandler(total: 250, (items, total) => new JsonObject { ["users"] = items, ["count"] = total });
        using var client = handler.Client();

        var firstFive = await client.Users.ListAllAsync(new UserFilter().Status("active"), pageSize: 100).Take(5).ToListAsync();
        Assert.Single(handler.Requests);
        var all = await client.Users.ListAllAsync(new UserFilter().Status("active"), pageSize: 100).ToListAsync();

        Assert.Equal(5, firstFive.Count);
        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(u => u.Id).Distinct().Count());
        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("status:active", HttpUtility.ParseQueryString(r.Query)["q"]));
        Assert.Equal(["0", "0", "100", "200"], handler.Requests.Select(r => HttpUtility.ParseQueryString(r.Query)["offset"]));
    }

    [Fact]
    public async Task UsersListPagesAsync_PageView_GivesEachPageWithItsRequestAndTotal()
    {
        var handler = new PagingHandler(total: 250, (items, total) => new JsonObject { ["users"] = items, ["count"] = total });
        using var client = handler.Client();

        var pages = await client.Users.ListPagesAsync(pageSize: 100).ToListAsync();

        Assert.Equal([100, 100, 50], pages.Select(p => p.Items.Count));
        Assert.Equal([0L, 100L, 200L], pages.Select(p => p.Request.Offset));
        Assert.All(pages, p => Assert.Equal(250, p.TotalCount));
        Assert.Equal([true, true, false], pages.Select(p => p.HasMore));
    }

    [Fact]
    public async Task AuditListAllLogsAsync_CountReachedItsCap_KeepsGoingUntilAnEmptyPage()
    {
        // coderd stopped counting at 2,000 but holds 2,300 entries.
        var handler = new PagingHandler(total: 2300, (items, _) => new JsonObject { ["audit_logs"] = items, ["count"] = 2000, ["count_cap"] = 2000 });
        using var client = handler.Client();

        var all = await client.Audit.ListAllLogsAsync(pageSize: 1000).ToListAsync();

        Assert.Equal(2300, all.Count);
        Assert.Equal(4, handler.Requests.Count);
    }

    [Fact]
    public async Task BuildsListAllAsync_ListWithoutCount_StopsAtTheFirstEmptyPage()
    {
        var handler = new PagingHandler(total: 130, (items, _) => items);
        using var client = handler.Client();
        var workspace = Guid.NewGuid();

        var all = await client.Builds.ListAllAsync(workspace, pageSize: 50).ToListAsync();

        Assert.Equal(130, all.Count);
        Assert.Equal(4, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal($"/api/v2/workspaces/{workspace}/builds", r.Path));
    }

    /// <summary>Serves <c>total</c> items by <c>limit</c>/<c>offset</c>, shaped by <c>wrap</c>.</summary>
    private sealed class PagingHandler(int total, Func<JsonArray, int, JsonNode> wrap) : HttpMessageHandler
    {
        public List<(string Path, string Query)> Requests { get; } = [];

        public CoderClient Client() =>
            new(new HttpClient(this), new CoderClientOptions { BaseUrl = new Uri("https://coder.example.com"), SessionToken = "test-token" });

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            lock (Requests)
            {
                Requests.Add((uri.AbsolutePath, uri.Query));
            }

            var query = HttpUtility.ParseQueryString(uri.Query);
            var offset = int.Parse(query["offset"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var limit = int.Parse(query["limit"] ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            var items = new JsonArray();
            for (var i = offset; i < Math.Min(total, offset + limit); i++)
            {
                items.Add(new JsonObject { ["id"] = new Guid(i, 0, 0, new byte[8]).ToString(), ["username"] = $"user{i}" });
            }

            var body = wrap(items, total).ToJsonString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json"), RequestMessage = request });
        }
    }
}
