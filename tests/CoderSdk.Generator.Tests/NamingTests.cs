using CoderSdk.Generator.Building;
using CoderSdk.Generator.Naming;

namespace CoderSdk.Generator.Tests;

public sealed class NamingTests
{
    [Theory]
    [InlineData("created_at", "CreatedAt")]
    [InlineData("regionID", "RegionID")]
    [InlineData("csp-report", "CspReport")]
    [InlineData("list(string)", "ListString")]
    [InlineData("2fa", "V2fa")]
    public void Pascal_SpecNames_BecomeIdentifiers(string text, string expected) => Assert.Equal(expected, Names.Pascal(text));

    [Theory]
    [InlineData("include_deleted", "includeDeleted")]
    [InlineData("fileID", "fileID")]
    [InlineData("ID", "id")]
    [InlineData("IDs", "ids")]
    [InlineData("base", "@base")]
    [InlineData("q", "q")]
    public void Camel_ParameterNames_BecomeCSharpParameters(string text, string expected) => Assert.Equal(expected, Names.Camel(text));

    [Theory]
    [InlineData("codersdk.RegionsResponse-codersdk_WorkspaceProxy", "RegionsResponseOfWorkspaceProxy")]
    [InlineData("serpent.Struct-array_codersdk_LinkConfig", "StructOfLinkConfigList")]
    [InlineData("codersdk.Workspace", "Workspace")]
    public void TypeName_Definitions_DropTheGoPackage(string definition, string expected) => Assert.Equal(expected, Names.TypeName(definition));

    [Fact]
    public void StripCommonPrefix_VarNamesWithTypeName_KeepTheRest()
    {
        Assert.Equal(["Running", "Stopped"], ModelBuilder.StripCommonPrefix(["WorkspaceStatusRunning", "WorkspaceStatusStopped"], "WorkspaceStatus"));
    }

    [Fact]
    public void StripCommonPrefix_VarNamesWithOtherSharedPrefix_StopAtAWordBoundary()
    {
        Assert.Equal(["Healthy", "Unreachable"], ModelBuilder.StripCommonPrefix(["ProxyHealthy", "ProxyUnreachable"], "ProxyHealthStatus"));
    }

    [Fact]
    public void StripCommonPrefix_SingleVarNameWithoutTypeName_FallsBackToTheValue()
    {
        Assert.Equal([(string?)null], ModelBuilder.StripCommonPrefix(["ReinitializeReasonPrebuildClaimed"], "ReinitializationReason"));
    }
}
