using System.Text.Json.Nodes;
using CoderSdk.Tests.Infrastructure;
using CoderSdk.Workflows;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Tests.Workflows;

/// <summary>
/// A loopback coderd stand-in that pages workspaces as coderd does (coderd/workspaces.go): it applies
/// <c>limit</c>/<c>offset</c> first, then drops every row the caller may not read, while <c>count</c> is taken before
/// the drop; and, like coderd's pending change, it refuses a limit above 1,000 or of 0.
/// </summary>
public sealed class DroppedRowsTests
{
    [Fact]
    public async Task ListAllAsync_ServerDropsUnreadableRowsAfterTheLimit_EveryReadableWorkspaceExactlyOnce()
    {
        // 2,000 workspaces, every 37th unreadable (2.7%, as in the report that found 54 duplicates).
        var ids = Enumerable.Range(0, 2000).Select(i => (Id: Guid.NewGuid(), Readable: i % 37 != 0)).ToList();
        await using var coderd = await StartAsync(ids);
        using var client = new CoderClient(coderd.BaseUrl, "test-token");

        var seen = await client.Workspaces.ListAllAsync(pageSize: 100).Select(w => w.Id).ToListAsync();

        Assert.Equal(ids.Where(w => w.Readable).Select(w => w.Id), seen);
        Assert.Equal(20, coderd.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 20).Select(p => $"/api/v2/workspaces?limit=100&offset={p * 100}"), coderd.Requests.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task ListAllAsync_PageSizeAtTheServersCap_WalksWithoutARefusal()
    {
        var ids = Enumerable.Range(0, 2500).Select(i => (Id: Guid.NewGuid(), Readable: true)).ToList();
        await using var coderd = await StartAsync(ids);
        using var client = new CoderClient(coderd.BaseUrl, "test-token");

        var seen = await client.Workspaces.ListAllAsync(pageSize: CoderPager.MaxPageSize).Select(w => w.Id).ToListAsync();

        Assert.Equal(ids.Select(w => w.Id), seen);
        Assert.Equal(["0", "1000", "2000"], coderd.Requests.Select(r => r.RawTarget.Split("offset=")[1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1001)]
    public async Task PageSizeOutsideOneToThousand_ThrowsBeforeAnyRequest(int pageSize)
    {
        await using var coderd = await StartAsync([]);
        using var client = new CoderClient(coderd.BaseUrl, "test-token");

        Assert.Throws<ArgumentOutOfRangeException>(() => client.Workspaces.ListAllAsync(pageSize: pageSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => client.Workspaces.ListPagesAsync(pageSize: pageSize));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.Workspaces.ListPageAsync(null, pageSize));

        Assert.Empty(coderd.Requests);
    }

    private static Task<LoopbackServer> StartAsync(IReadOnlyList<(Guid Id, bool Readable)> workspaces) =>
        LoopbackServer.StartAsync(async context =>
        {
            var limit = int.Parse(context.Request.Query["limit"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            var offset = int.Parse(context.Request.Query["offset"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            context.Response.ContentType = "application/json";
            if (limit is < 1 or > 1000)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync("""{"message":"Invalid query parameters.","validations":[{"field":"limit","detail":"must be between 1 and 1000"}]}""");
                return;
            }

            var page = new JsonArray([.. workspaces.Skip(offset).Take(limit).Where(w => w.Readable).Select(w => (JsonNode)new JsonObject { ["id"] = w.Id.ToString() })]);
            await context.Response.WriteAsync(new JsonObject { ["workspaces"] = page, ["count"] = workspaces.Count }.ToJsonString());
        });
}
