using CoderSdk.Models;
using CoderSdk.Tests.Streaming;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Workflows;

public sealed class PagingTests
{
    [Fact]
    public async Task ListAllAsync_2500Workspaces_FetchesTwentyFivePagesOfHundredAsTheConsumerAdvances()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var template = env.State.AddTemplate("docker");
        for (var i = 0; i < 2500; i++)
        {
            env.State.CreateWorkspace(env.State.Admin, template, $"ws-{i:0000}");
        }

        int Requests() => env.Server.Requests.Count(r => r.RawTarget.StartsWith("/api/v2/workspaces?", StringComparison.Ordinal));
        var seen = new List<Guid>();
        await using (var pages = env.Client.Workspaces.ListAllAsync(pageSize: 100).GetAsyncEnumerator())
        {
            Assert.Equal(0, Requests());
            Assert.True(await pages.MoveNextAsync());
            seen.Add(pages.Current.Id);
            Assert.Equal(1, Requests());
            while (seen.Count < 100)
            {
                Assert.True(await pages.MoveNextAsync());
                seen.Add(pages.Current.Id);
            }

            Assert.Equal(1, Requests());
            Assert.True(await pages.MoveNextAsync());
            seen.Add(pages.Current.Id);
            Assert.Equal(2, Requests());
            while (await pages.MoveNextAsync())
            {
                seen.Add(pages.Current.Id);
                Assert.Equal((seen.Count + 99) / 100, Requests());
            }
        }

        Assert.Equal(25, Requests());
        Assert.Equal(env.State.Workspaces.Select(w => w.Id), seen);
        var targets = env.Server.Requests.Where(r => r.RawTarget.StartsWith("/api/v2/workspaces?", StringComparison.Ordinal)).Select(r => r.RawTarget).ToList();
        Assert.Equal(Enumerable.Range(0, 25).Select(p => $"/api/v2/workspaces?limit=100&offset={p * 100}"), targets);
    }

    [Fact]
    public async Task ListPageAsync_MiddleAndLastPage_ReturnItemsAndTheServersCount()
    {
        await using var env = await FakeEnvironment.StartAsync();
        var template = env.State.AddTemplate("docker");
        for (var i = 0; i < 250; i++)
        {
            env.State.CreateWorkspace(env.State.Admin, template, $"ws-{i:000}");
        }

        var middle = await env.Client.Workspaces.ListPageAsync(null, limit: 100, offset: 100);
        var last = await env.Client.Workspaces.ListPageAsync(null, limit: 100, offset: 200);

        Assert.Equal(100, middle.Items.Count);
        Assert.Equal(250, middle.TotalCount);
        Assert.True(middle.HasMore);
        Assert.Equal(50, last.Items.Count);
        Assert.False(last.HasMore);
        Assert.Equal(env.State.Workspaces[200].Id, last.Items[0].Id);
    }

    [Fact]
    public async Task EnumerateAsync_CountedListWithShortPages_AdvancesByThePageSizeUntilTheCount()
    {
        // The server drops a third of each window after applying the limit: short pages, but the count stands.
        var requests = new List<CoderPageRequest>();
        Task<CoderPage<int>> Fetch(CoderPageRequest page, CancellationToken _)
        {
            requests.Add(page);
            var items = Enumerable.Range((int)page.Offset, Math.Min(page.Limit, 100 - (int)page.Offset)).Where(i => i % 3 != 0).ToList();
            return Task.FromResult(new CoderPage<int>(items, 100, page));
        }

        var all = await CoderPager.EnumerateAsync(Fetch, pageSize: 30).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 100).Where(i => i % 3 != 0), all);
        Assert.Equal([0L, 30L, 60L, 90L], requests.Select(r => r.Offset));
        Assert.All(requests, r => Assert.Equal(30, r.Limit));
    }

    [Fact]
    public async Task EnumerateAsync_NoCount_StopsAtTheFirstEmptyPage()
    {
        var requests = 0;
        Task<CoderPage<int>> Fetch(CoderPageRequest page, CancellationToken _)
        {
            requests++;
            var items = Enumerable.Range((int)page.Offset, Math.Clamp(237 - (int)page.Offset, 0, page.Limit)).ToList();
            return Task.FromResult(new CoderPage<int>(items, null, page));
        }

        var all = await CoderPager.EnumerateAsync(Fetch, pageSize: 100).ToListAsync();

        Assert.Equal(237, all.Count);
        Assert.Equal(4, requests);
    }

    [Fact]
    public async Task EnumerateAsync_ServerIgnoresTheLimit_StopsAfterItsOnePage()
    {
        var requests = 0;
        Task<CoderPage<int>> Fetch(CoderPageRequest page, CancellationToken _)
        {
            requests++;
            return Task.FromResult(new CoderPage<int>(Enumerable.Range(0, 250).ToList(), null, page));
        }

        var all = await CoderPager.EnumerateAsync(Fetch, pageSize: 100).ToListAsync();

        Assert.Equal(250, all.Count);
        Assert.Equal(1, requests);
    }

    [Fact]
    public async Task EnumerateAfterIdAsync_FullPages_AsksForItemsAfterTheLastIdSeen()
    {
        var ids = Enumerable.Range(0, 25).Select(_ => Guid.NewGuid()).ToList();
        var requests = new List<CoderPageRequest>();
        Task<CoderPage<Guid>> Fetch(CoderPageRequest page, CancellationToken _)
        {
            requests.Add(page);
            var start = page.AfterId is { } after ? ids.IndexOf(after) + 1 : 0;
            return Task.FromResult(new CoderPage<Guid>(ids.Skip(start).Take(page.Limit).ToList(), null, page));
        }

        var all = await CoderPager.EnumerateAfterIdAsync(Fetch, id => id, pageSize: 10).ToListAsync();

        Assert.Equal(ids, all);
        Assert.Equal([null, ids[9], ids[19]], requests.Select(r => r.AfterId));
        Assert.All(requests, r => Assert.Equal(0, r.Offset));
    }

    [Fact]
    public async Task EnumerateAsync_ConsumerStopsEarly_FetchesNoFurtherPage()
    {
        var requests = 0;
        Task<CoderPage<int>> Fetch(CoderPageRequest page, CancellationToken _)
        {
            requests++;
            return Task.FromResult(new CoderPage<int>(Enumerable.Range((int)page.Offset, page.Limit).ToList(), 1_000_000, page));
        }

        var firstTen = await CoderPager.EnumerateAsync(Fetch, pageSize: 100).Take(10).ToListAsync();

        Assert.Equal(10, firstTen.Count);
        Assert.Equal(1, requests);
    }

    [Fact]
    public void EnumerateAsync_PageSizeOutsideOneToThousand_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CoderPager.EnumerateAsync<Workspace>((_, _) => throw new InvalidOperationException(), pageSize: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoderPager.EnumerateAsync<Workspace>((_, _) => throw new InvalidOperationException(), pageSize: CoderPager.MaxPageSize + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => CoderPager.EnumerateAfterIdAsync<Workspace>((_, _) => throw new InvalidOperationException(), w => w.Id, pageSize: 0));
    }
}
