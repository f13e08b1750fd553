using CoderSdk.AspNetCore.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace CoderSdk.AspNetCore.Tests.Webhooks;

/// <summary>The in-memory de-duplication store: states, expiry by its TimeProvider, and its bound.</summary>
public sealed class DeliveryStoreTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 6, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Claim_Complete_Duplicate_ThenForgottenAfterTheWindow()
    {
        var store = new InMemoryCoderWebhookDeliveryStore(_time, TimeSpan.FromMinutes(30), 100);
        var id = Guid.NewGuid();

        Assert.Equal(CoderWebhookClaim.Claimed, await store.TryClaimAsync(id, default));
        Assert.Equal(CoderWebhookClaim.InProgress, await store.TryClaimAsync(id, default));
        await store.CompleteAsync(id, default);
        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(CoderWebhookClaim.Handled, await store.TryClaimAsync(id, default));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(CoderWebhookClaim.Claimed, await store.TryClaimAsync(id, default));
    }

    [Fact]
    public async Task Release_ForgetsAClaim_ButNotAHandledId()
    {
        var store = new InMemoryCoderWebhookDeliveryStore(_time, TimeSpan.FromMinutes(30), 100);
        var failed = Guid.NewGuid();
        var handled = Guid.NewGuid();
        await store.TryClaimAsync(failed, default);
        await store.TryClaimAsync(handled, default);
        await store.CompleteAsync(handled, default);

        await store.ReleaseAsync(failed, default);
        await store.ReleaseAsync(handled, default);

        Assert.Equal(CoderWebhookClaim.Claimed, await store.TryClaimAsync(failed, default));
        Assert.Equal(CoderWebhookClaim.Handled, await store.TryClaimAsync(handled, default));
    }

    [Fact]
    public async Task AtCapacity_TheOldestIdGoesFirst()
    {
        var store = new InMemoryCoderWebhookDeliveryStore(_time, TimeSpan.FromHours(1), 2);
        var ids = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        foreach (var id in ids)
        {
            await store.TryClaimAsync(id, default);
            await store.CompleteAsync(id, default);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(2, store.Count);
        Assert.Equal(CoderWebhookClaim.Handled, await store.TryClaimAsync(ids[2], default));
        Assert.Equal(CoderWebhookClaim.Handled, await store.TryClaimAsync(ids[1], default));
        Assert.Equal(CoderWebhookClaim.Claimed, await store.TryClaimAsync(ids[0], default));
    }

    [Fact]
    public void BadSettings_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryCoderWebhookDeliveryStore(_time, TimeSpan.Zero, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryCoderWebhookDeliveryStore(_time, TimeSpan.FromMinutes(1), 0));
    }
}
