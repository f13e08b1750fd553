using CoderSdk.Models;

namespace CoderSdk.Tests.Models;

/// <summary>The extensible enumerations' value semantics.</summary>
public sealed class EnumTests
{
    [Fact]
    public void Default_EnumValue_HasEmptyNotNullValue()
    {
        var status = default(WorkspaceStatus);

        Assert.Equal(string.Empty, status.Value);
        Assert.Equal(string.Empty, status.ToString());
        Assert.Equal(new WorkspaceStatus(string.Empty), status);
        Assert.Equal(new WorkspaceStatus(string.Empty).GetHashCode(), status.GetHashCode());
    }

    [Fact]
    public void Equals_SameWireValue_IsEqual()
    {
        Assert.Equal(WorkspaceStatus.Running, WorkspaceStatus.FromValue("running"));
        Assert.True(WorkspaceStatus.Running == new WorkspaceStatus("running"));
        Assert.NotEqual(WorkspaceStatus.Running, new WorkspaceStatus("Running"));
    }

    [Fact]
    public void IsKnown_ListedAndUnlistedValues_TellThemApart()
    {
        Assert.True(LoginType.Password.IsKnown);
        Assert.True(LoginType.Unknown.IsKnown);
        Assert.False(LoginType.FromValue("saml").IsKnown);
    }

    [Fact]
    public void ToString_KnownValue_IsTheWireValue()
    {
        Assert.Equal("dark-tritan", new ThemeMode("dark-tritan").ToString());
        Assert.Equal("non-blocking", WorkspaceAgentStartupScriptBehavior.NonBlocking.ToString());
    }
}
