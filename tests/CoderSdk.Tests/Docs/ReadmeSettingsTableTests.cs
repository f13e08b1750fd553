using System.Globalization;
using System.Text;
using CoderSdk.Configuration;

namespace CoderSdk.Tests.Docs;

/// <summary>
/// README's configuration-key table is generated from the settings table (<see cref="CoderSettings.All"/>): this test
/// fails when they differ (a row, a key, a type, a default or a description), so the table cannot go stale. Run it with
/// <c>CODERSDK_UPDATE_README=1</c> to rewrite the block instead.
/// </summary>
public sealed class ReadmeSettingsTableTests
{
    private const string ReadmeStart = "<!-- settings-table:start";
    private const string ReadmeEnd = "<!-- settings-table:end -->";

    [Fact]
    public void Readme_KeyTable_IsTheSettingsTable()
    {
        var readmePath = Path.Combine(TestPaths.RepositoryRoot, "README.md");
        var readme = File.ReadAllText(readmePath).ReplaceLineEndings("\n");
        var start = readme.IndexOf(ReadmeStart, StringComparison.Ordinal);
        var end = readme.IndexOf(ReadmeEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no '{ReadmeStart} ... {ReadmeEnd}' block");
        var blockStart = readme.IndexOf('\n', start) + 1;
        var expected = RenderTable();

        if (Environment.GetEnvironmentVariable("CODERSDK_UPDATE_README") == "1")
        {
            File.WriteAllText(readmePath, readme[..blockStart] + expected + readme[end..]);
            return;
        }

        Assert.True(readme[blockStart..end] == expected,
            "README.md's configuration-key table differs from the settings table. Regenerate it with " +
            "CODERSDK_UPDATE_README=1 dotnet test tests/CoderSdk.Tests --filter Readme_KeyTable_IsTheSettingsTable. Expected:\n" + expected);
    }

    /// <summary>README's table: one line per row that has a configuration key, with its type, default and meaning.</summary>
    private static string RenderTable()
    {
        var text = new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
        foreach (var setting in CoderSettings.All.Where(s => s.Key is not null))
        {
            var key = setting.IsMap ? setting.Key + ":<Name>" : setting.Key;
            var fallback = setting.DefaultText;
            // A plain value is code-formatted; a sentence or "(none)" is shown as it is.
            var shown = fallback.StartsWith('(') || fallback.Contains(' ', StringComparison.Ordinal) ? fallback : $"`{fallback}`";
            text.Append(CultureInfo.InvariantCulture, $"| `{key}` | {setting.TypeName} | {shown} | {setting.Doc} |\n");
        }

        return text.ToString();
    }

}
