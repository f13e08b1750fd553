namespace CoderSdk.Generator.Tests;

/// <summary>
/// What the generator leaves out of the pinned spec, read from its own result (not from the coverage page it writes):
/// only binary protocols and upgrades, a test socket and a route coderd does not implement; every other operation is
/// a method or a stream.
/// </summary>
public sealed class ExclusionTests
{
    [Fact]
    public void Generate_PinnedSpec_LeavesOutOnlyUpgradesAndStreamsAndCountsAddUp()
    {
        var api = CommittedOutputTests.Api.Value;
        var streams = api.Streams.Select(s => s.Key.Spec.Key).ToHashSet();

        Assert.Equal(395, api.Operations.Count + api.Excluded.Count + streams.Count);
        Assert.Equal(15, streams.Count);
        Assert.Empty(api.Excluded.Select(e => e.Spec.Key).Intersect(streams));
        Assert.All(api.Excluded, e => Assert.True(
            e.Reason.Contains("101", StringComparison.Ordinal) || e.Reason.Contains("test endpoint", StringComparison.Ordinal) || e.Reason.Contains("not implemented", StringComparison.Ordinal),
            $"{e.Spec.Key} is left out: {e.Reason}"));
    }
}
