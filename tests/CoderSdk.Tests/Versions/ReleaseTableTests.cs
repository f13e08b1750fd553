using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using CoderSdk.Versions;

namespace CoderSdk.Tests.Versions;

/// <summary>
/// The generated operation table's real release data (from the release history) at run time: no test seams, the fake
/// server acting as an older release and the client judging its 404s.
/// </summary>
public sealed class ReleaseTableTests
{
    [Fact]
    public void Table_OperationsNewerThanTheOldestRelease_CarryTheReleaseThatIntroducedThem()
    {
        // The AI Gateway area arrived in v2.36.0 (v2.34.3 had /api/v2/aibridge instead); workspaces are in every release.
        Assert.Equal("v2.36.0", CoderApiOperation.Get<IAIGatewayApi>(nameof(IAIGatewayApi.ListModelsAsync)).IntroducedIn?.Text);
        Assert.Null(CoderApiOperation.Get<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync)).IntroducedIn);
        Assert.Contains(CoderOperations.All, o => o.Since == "v2.29.0");
        Assert.Contains(CoderOperations.All, o => o.Since == "v2.34.3");
        Assert.All(CoderOperations.All, o => Assert.NotEqual("v2.24.0", o.Since));
    }

    [Fact]
    public void Releases_TheSdkAndTheFakeServer_NameTheReleaseInGeneratorJson()
    {
        var settings = CoderSdk.Generator.GeneratorSettings.Load(TestPaths.RepositoryRoot)!;

        Assert.Equal(settings.Release, CoderServerVersion.GeneratedFrom.Text);
        Assert.Equal(settings.OldestSupported, CoderServerVersion.OldestSupported.Text);
        Assert.Equal(settings.Release, FakeCoderServerOptions.DefaultVersion);
        Assert.True(CoderServerVersion.OldestSupported < CoderServerVersion.GeneratedFrom);
    }

    [Fact]
    public void Get_SameMethodTwice_GivesTheOneDescriptorAllHolds()
    {
        var first = CoderApiOperation.Get<IWorkspacesApi>(nameof(IWorkspacesApi.GetAsync));

        Assert.Same(first, CoderApiOperation.Get(typeof(IWorkspacesApi), nameof(IWorkspacesApi.GetAsync)));
        Assert.Same(first, Assert.Single(CoderApiOperation.All, o => o.Name == "Workspaces.GetAsync"));
    }

    [Fact]
    public async Task OlderRelease_NewerOperation_IsNotSupportedUpFrontAndWhenCalled()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { Version = "v2.29.0", RestrictToVersion = true });
        using var client = new CoderClient(new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = server.AdminSessionToken });

        Assert.False(await client.SupportsAsync<IAIGatewayApi>(nameof(IAIGatewayApi.ListModelsAsync)));
        Assert.True(await client.SupportsAsync<IWorkspacesApi>(nameof(IWorkspacesApi.ListAsync)));
        var error = await Assert.ThrowsAsync<CoderNotSupportedException>(() => client.AIGateway.ListModelsAsync());

        Assert.Equal("v2.36.0", error.IntroducedIn?.Text);
        Assert.Equal("v2.29.0", error.ServerVersion.Text);
        Assert.Contains("AIGateway.ListModelsAsync", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.AdminSessionToken, error.Message, StringComparison.Ordinal);
        // Calls every release has keep working against that server.
        Assert.NotEmpty((await client.Workspaces.ListAsync()).Workspaces);
    }

    [Fact]
    public async Task PinnedRelease_SameOperation_IsSupported()
    {
        await using var server = await FakeCoderServer.StartAsync(new FakeCoderServerOptions { RestrictToVersion = true });
        using var client = new CoderClient(new CoderClientOptions { BaseUrl = server.BaseUrl, SessionToken = server.AdminSessionToken });

        var support = await client.CheckSupportAsync<IAIGatewayApi>(nameof(IAIGatewayApi.ListModelsAsync));

        Assert.Equal(CoderSupportStatus.Supported, support.Status);
    }
}
