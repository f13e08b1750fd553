using System.Formats.Tar;
using CoderSdk.Errors;
using CoderSdk.Tests.Support;
using CoderSdk.Workflows;

namespace CoderSdk.Tests.Workflows;

/// <summary>The archive a template push uploads follows <c>coder templates push</c>'s rules (provisionersdk/archive.go) and is reproducible.</summary>
public sealed class TemplateArchiveTests : IDisposable
{
    private readonly TemplateDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Create_HiddenFilesAndFolders_AreLeftOutButTheLockFileStays()
    {
        _dir.Write("main.tf", "terraform {}");
        _dir.Write(".terraform.lock.hcl", "# lock");
        _dir.Write(".env", "SECRET=1");
        _dir.Write(".git/config", "[core]");
        _dir.Write(".terraform/providers/p.bin", "binary");
        _dir.Write("modules/.cache", "x");
        _dir.Write("modules/net/main.tf", "# module");

        var names = TemplateDirectory.Names(CoderTemplateArchive.Create(_dir.Path));

        Assert.Equal([".terraform.lock.hcl", "main.tf", "modules/", "modules/net/", "modules/net/main.tf"], names);
    }

    [Fact]
    public void Create_StateAndVariableDefinitionFiles_AreLeftOut()
    {
        _dir.Write("main.tf", "terraform {}");
        _dir.Write("terraform.tfstate", "{}");
        _dir.Write("terraform.tfstate.backup", "{}");
        _dir.Write("envs.tfstate.d/prod/terraform.tfstate", "{}");
        _dir.Write("terraform.tfvars", "a = 1");
        _dir.Write("terraform.tfvars.json", "{}");
        _dir.Write("prod.auto.tfvars", "a = 2");
        _dir.Write("nested/dev.auto.tfvars.json", "{}");
        // Like the CLI, only the top-level terraform.tfvars is a variables file; one deeper is an ordinary file.
        _dir.Write("nested/terraform.tfvars", "a = 3");

        var names = TemplateDirectory.Names(CoderTemplateArchive.Create(_dir.Path));

        Assert.Equal(["main.tf", "nested/", "nested/terraform.tfvars"], names);
    }

    [Fact]
    public void Create_EmptyDirectory_ThrowsNoTerraformFiles()
    {
        var error = Assert.Throws<CoderTemplateArchiveException>(() => CoderTemplateArchive.Create(_dir.Path));

        Assert.Equal(TemplateArchiveProblem.NoTerraformFiles, error.Problem);
        Assert.Equal(Path.GetFullPath(_dir.Path), error.Directory);
        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoTerraformFileAtTheTop_ThrowsNoTerraformFiles()
    {
        _dir.Write("README.md", "# not a template");
        _dir.Write("modules/main.tf", "# deeper does not count");

        var error = Assert.Throws<CoderTemplateArchiveException>(() => CoderTemplateArchive.Create(_dir.Path));

        Assert.Equal(TemplateArchiveProblem.NoTerraformFiles, error.Problem);
        Assert.Contains(".tf", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Create_SymlinkLeavingTheDirectory_ThrowsWithoutFollowingIt()
    {
        using var outside = new TemplateDirectory();
        outside.Write("secret.txt", "do not upload");
        _dir.Write("main.tf", "terraform {}");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "escape.txt"), Path.Combine("..", Path.GetFileName(outside.Path), "secret.txt"));

        var error = Assert.Throws<CoderTemplateArchiveException>(() => CoderTemplateArchive.Create(_dir.Path));

        Assert.Equal(TemplateArchiveProblem.SymlinkOutsideDirectory, error.Problem);
        Assert.Equal("escape.txt", error.Path);
        Assert.DoesNotContain("do not upload", error.Message, StringComparison.Ordinal);
    }

    [UnixFact]
    public void Create_SymlinkInsideTheDirectory_IsArchivedAsALink()
    {
        _dir.Write("main.tf", "terraform {}");
        _dir.Write("scripts/start.sh", "#!/bin/sh");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "start.sh"), "scripts/start.sh");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "tools"), Path.Combine(_dir.Path, "scripts"));

        var entries = TemplateDirectory.Entries(CoderTemplateArchive.Create(_dir.Path));

        var link = Assert.Single(entries, e => e.Name == "start.sh");
        Assert.Equal(TarEntryType.SymbolicLink, link.EntryType);
        Assert.Equal("scripts/start.sh", link.LinkName);
        // An absolute link inside the directory becomes relative, and a linked directory is not walked twice.
        var tools = Assert.Single(entries, e => e.Name == "tools");
        Assert.Equal(TarEntryType.SymbolicLink, tools.EntryType);
        Assert.Equal("scripts", tools.LinkName);
        Assert.DoesNotContain(entries, e => e.Name.StartsWith("tools/", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_OverTheLimit_ThrowsNamingTheLimitAndTheLargestFiles()
    {
        _dir.Write("main.tf", "terraform {}");
        _dir.WriteBytes("images/base.qcow2", 900_000);
        _dir.WriteBytes("vendor/plugin.zip", 400_000);
        _dir.WriteBytes("small.txt", 10);

        var error = Assert.Throws<CoderTemplateArchiveException>(() => CoderTemplateArchive.Create(_dir.Path));

        Assert.Equal(TemplateArchiveProblem.TooLarge, error.Problem);
        Assert.Equal(CoderTemplateArchive.SizeLimit - 1, error.Limit);
        Assert.True(error.Size > error.Limit, $"{error.Size}");
        Assert.Equal(["images/base.qcow2", "vendor/plugin.zip", "main.tf", "small.txt"], error.LargestFiles.Select(f => f.Path));
        Assert.Equal(900_000, error.LargestFiles[0].Size);
        Assert.Contains("1,048,575", error.Message, StringComparison.Ordinal);
        Assert.Contains("images/base.qcow2 (900,000 bytes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_JustUnderTheLimit_Succeeds()
    {
        // Entries take 512-byte blocks: a header for main.tf and data.bin, one block for main.tf's data, and data.bin's.
        _dir.Write("main.tf", "terraform {}");
        var room = CoderTemplateArchive.SizeLimit - 1 - (3 * 512);
        _dir.WriteBytes("data.bin", (int)(room / 512 * 512));

        var archive = CoderTemplateArchive.Create(_dir.Path);

        Assert.True(archive.Length - 1024 <= CoderTemplateArchive.SizeLimit - 1);
        Assert.Equal(["data.bin", "main.tf"], TemplateDirectory.Names(archive));
    }

    [Fact]
    public void Create_SameDirectoryTwice_GivesTheSameBytesWhateverTheFileTimes()
    {
        _dir.Write("main.tf", "terraform {}");
        _dir.Write("modules/a/main.tf", "# a");
        _dir.Write("b.tf", "# b");
        var first = CoderTemplateArchive.Create(_dir.Path);

        File.SetLastWriteTimeUtc(Path.Combine(_dir.Path, "main.tf"), new DateTime(2031, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        Directory.SetLastWriteTimeUtc(Path.Combine(_dir.Path, "modules"), new DateTime(2032, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        var second = CoderTemplateArchive.Create(_dir.Path);

        Assert.Equal(first, second);
        var entries = TemplateDirectory.Entries(first);
        Assert.Equal(["b.tf", "main.tf", "modules/", "modules/a/", "modules/a/main.tf"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(DateTimeOffset.UnixEpoch, e.ModificationTime));
        Assert.All(entries, e => Assert.Equal(TarEntryFormat.Ustar, e.Format));
        Assert.Equal((UnixFileMode)0x1A4, entries[0].Mode);
        Assert.Equal((UnixFileMode)0x1ED, entries[2].Mode);
    }

    [Fact]
    public void Create_ChangedFile_GivesDifferentBytes()
    {
        _dir.Write("main.tf", "terraform {}");
        var first = CoderTemplateArchive.Create(_dir.Path);
        _dir.Write("main.tf", "terraform { }");

        Assert.NotEqual(first, CoderTemplateArchive.Create(_dir.Path));
    }
}

/// <summary>A temporary template directory, deleted afterwards.</summary>
internal sealed class TemplateDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("coder-push-").FullName;

    public void Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    public void WriteBytes(string relative, int size)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        File.WriteAllBytes(full, bytes);
    }

    public static List<TarEntry> Entries(byte[] archive)
    {
        using var reader = new TarReader(new MemoryStream(archive), leaveOpen: false);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }

    public static List<string> Names(byte[] archive) => [.. Entries(archive).Select(e => e.Name)];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
