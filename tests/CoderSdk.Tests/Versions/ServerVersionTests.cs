using CoderSdk.Versions;

namespace CoderSdk.Tests.Versions;

/// <summary>Reading and comparing coderd version strings (<see cref="CoderServerVersion"/>).</summary>
public sealed class ServerVersionTests
{
    [Theory]
    [InlineData("v2.36.0", 2, 36, 0, "", "")]
    [InlineData("v2.36.0-devel+a300a06", 2, 36, 0, "devel", "a300a06")]
    [InlineData("2.29.0-rc.1", 2, 29, 0, "rc.1", "")]
    [InlineData("v2.24.0+e5a74a7", 2, 24, 0, "", "e5a74a7")]
    [InlineData("  v2.34.3  ", 2, 34, 3, "", "")]
    [InlineData("V10.0.12-rc.2+abc.def", 10, 0, 12, "rc.2", "abc.def")]
    [InlineData("v0.0.0-devel", 0, 0, 0, "devel", "")]
    public void TryParse_CoderVersions_ReadsEveryPart(string text, int major, int minor, int patch, string preRelease, string build)
    {
        Assert.True(CoderServerVersion.TryParse(text, out var version));

        Assert.Equal((major, minor, patch, preRelease, build), (version.Major, version.Minor, version.Patch, version.PreRelease, version.Build));
        Assert.Equal(text.Trim(), version.ToString());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("v2.36")]
    [InlineData("2")]
    [InlineData("v2.x.0")]
    [InlineData("v2.36.0-")]
    [InlineData("v2.36.0+")]
    [InlineData("v2.36.0 extra")]
    [InlineData("v2.36.0-de vel")]
    [InlineData("vv2.36.0")]
    [InlineData("-2.36.0")]
    [InlineData("v99999999999.0.0")]
    [InlineData("v2.36.0.1")]
    [InlineData(null)]
    public void TryParse_NotAVersion_FalseWithoutThrowing(string? text)
    {
        Assert.False(CoderServerVersion.TryParse(text, out var version));
        Assert.Null(version);
    }

    [Fact]
    public void IsDevelopmentBuild_DevelSuffix_True()
    {
        Assert.True(CoderServerVersion.Parse("v2.36.0-devel+a300a06").IsDevelopmentBuild);
        Assert.False(CoderServerVersion.Parse("v2.36.0-rc.1").IsDevelopmentBuild);
        Assert.False(CoderServerVersion.Parse("v2.36.0").IsDevelopmentBuild);
    }

    [Fact]
    public void Compare_DevelBuild_CountsAsTheTagItNames()
    {
        var devel = CoderServerVersion.Parse("v2.36.0-devel+a300a06");

        Assert.True(devel >= CoderServerVersion.Parse("v2.36.0"));
        Assert.True(devel > CoderServerVersion.Parse("v2.35.9"));
        Assert.True(devel < CoderServerVersion.Parse("v2.36.1"));
        Assert.Equal(CoderServerVersion.Parse("v2.36.0"), devel);
    }

    [Fact]
    public void Compare_SuffixesAndMetadata_DoNotCount()
    {
        var release = CoderServerVersion.Parse("v2.29.0");

        Assert.True(CoderServerVersion.Parse("2.29.0-rc.1") == release);
        Assert.True(CoderServerVersion.Parse("v2.29.0+e5a74a7").Equals(release));
        Assert.Equal(release.GetHashCode(), CoderServerVersion.Parse("v2.29.0-rc.1+x").GetHashCode());
        Assert.Equal(0, CoderServerVersion.Parse("v2.29.0-rc.1").CompareTo(release));
    }

    [Fact]
    public void Compare_Numbers_OrderNumericallyNotAsText()
    {
        var sorted = new[] { "v2.100.0", "v2.9.0", "v10.0.0", "v2.29.1", "v2.29.0" }
            .Select(CoderServerVersion.Parse).Order().Select(v => v.Text).ToArray();

        Assert.Equal(["v2.9.0", "v2.29.0", "v2.29.1", "v2.100.0", "v10.0.0"], sorted);
        Assert.True(CoderServerVersion.Parse("v2.9.0") < CoderServerVersion.Parse("v2.10.0"));
    }

    [Fact]
    public void Compare_Null_IsOldest()
    {
        CoderServerVersion? none = null;
        var version = new CoderServerVersion(2, 24, 0);

        Assert.True(none < version);
        Assert.True(version > none);
        Assert.True(none == null);
        Assert.Equal(1, version.CompareTo(null));
    }

    [Fact]
    public void Constructor_Numbers_TextIsTheReleaseTag()
    {
        var version = new CoderServerVersion(2, 29, 0);

        Assert.Equal("v2.29.0", version.ToString());
        Assert.Equal(CoderServerVersion.Parse("v2.29.0"), version);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CoderServerVersion(2, -1, 0));
    }

    [Fact]
    public void Parse_NotAVersion_FormatExceptionQuotesTheText()
    {
        var error = Assert.Throws<FormatException>(() => CoderServerVersion.Parse("dev"));

        Assert.Contains("'dev' is not a coderd version", error.Message);
        Assert.Throws<ArgumentNullException>(() => CoderServerVersion.Parse(null!));
    }

    [Fact]
    public void Quote_LongOrControlText_BoundedAndPrintable()
    {
        var quoted = CoderServerVersion.Quote("bad\r\nversion" + new string('x', 200));

        Assert.DoesNotContain('\n', quoted);
        Assert.True(quoted.Length <= 67, quoted);
    }
}
