using System.Formats.Tar;
using System.Text;
using CoderSdk.Errors;

namespace CoderSdk.Workflows;

/// <summary>
/// Packs a Terraform template directory into the tar archive a template push uploads, by the rules of
/// <c>coder templates push</c>: hidden files and folders (a leading <c>.</c>) stay out except
/// <c>.terraform.lock.hcl</c>; Terraform state (any path containing <c>.tfstate</c>) and variable-definition files
/// (<c>terraform.tfvars</c>, <c>terraform.tfvars.json</c> at the top, <c>*.auto.tfvars</c> and
/// <c>*.auto.tfvars.json</c> anywhere) stay out; the directory needs a <c>.tf</c> or <c>.tf.json</c> file at its top;
/// the archive must stay under <see cref="SizeLimit"/>. Unlike the CLI's archive, this one is reproducible: entries in
/// ordinal name order, times fixed at the Unix epoch, no owner, modes reduced to 0644, 0755 (directories and
/// executables) and 0777 (links), so an unchanged directory gives the same bytes and coderd keeps a single copy.
/// </summary>
public static class CoderTemplateArchive
{
    /// <summary>
    /// The size a template directory's archive must stay under, in bytes (1 MiB, the limit <c>coder templates push</c>
    /// applies; the archive's entries may take at most one byte less, the closing blocks not counted).
    /// </summary>
    public const long SizeLimit = 1 << 20;

    /// <summary>The largest upload coderd accepts, in bytes (100 MiB); a pushed tar stream must not be bigger.</summary>
    public const long UploadLimit = 100L << 20;

    private const int Block = 512;
    private const int LargestListed = 5;
    private const string LockFile = ".terraform.lock.hcl";
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;
    private const UnixFileMode RegularMode = (UnixFileMode)0x1A4; // 0644
    private const UnixFileMode ExecutableMode = (UnixFileMode)0x1ED; // 0755
    private const UnixFileMode LinkMode = (UnixFileMode)0x1FF; // 0777

    /// <summary>Archives <paramref name="directory"/> and returns the tar bytes. Nothing outside the directory is read.</summary>
    /// <param name="directory">The template directory.</param>
    /// <returns>The archive: a tar with ustar headers (GNU long-name records for paths over 100 bytes).</returns>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is null or empty.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    /// <exception cref="CoderTemplateArchiveException">The directory has no <c>.tf</c>/<c>.tf.json</c> file at its top, a symbolic link in it points outside it, or the archive would reach <see cref="SizeLimit"/>.</exception>
    public static byte[] Create(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var root = Path.GetFullPath(directory);
        var info = new DirectoryInfo(root);
        if (!info.Exists)
        {
            throw new DirectoryNotFoundException($"The template directory {root} does not exist.");
        }

        var top = Children(info);
        if (!top.Any(e => e.Name.EndsWith(".tf", StringComparison.Ordinal) || e.Name.EndsWith(".tf.json", StringComparison.Ordinal)))
        {
            throw new CoderTemplateArchiveException(TemplateArchiveProblem.NoTerraformFiles, root,
                top.Length == 0
                    ? $"The template directory {root} is empty; a template needs at least one .tf or .tf.json file."
                    : $"{root} is not a template: it has no .tf or .tf.json file at its top level.");
        }

        var entries = new List<Entry>();
        Collect(root, info, string.Empty, top, entries);

        // Before reading any file: headers and padded contents alone may already break the limit.
        var atLeast = entries.Sum(e => Block + Padded(e.Size));
        if (atLeast > SizeLimit - 1)
        {
            throw CoderTemplateArchiveException.TooLarge(root, atLeast, SizeLimit - 1, Largest(entries));
        }

        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var entry in entries)
            {
                Write(writer, entry);
            }
        }

        // The CLI counts the entries, not the two zero blocks that close a tar.
        var size = buffer.Length - (2 * Block);
        if (size > SizeLimit - 1)
        {
            throw CoderTemplateArchiveException.TooLarge(root, size, SizeLimit - 1, Largest(entries));
        }

        return buffer.ToArray();
    }

    private enum Kind
    {
        Directory,
        File,
        Link,
    }

    private sealed record Entry(string Name, Kind Kind, string FullPath, long Size, UnixFileMode Mode, string? LinkName);

    private static FileSystemInfo[] Children(DirectoryInfo directory)
    {
        var children = directory.GetFileSystemInfos();
        Array.Sort(children, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        return children;
    }

    private static void Collect(string root, DirectoryInfo directory, string prefix, FileSystemInfo[] children, List<Entry> entries)
    {
        foreach (var child in children)
        {
            var name = child.Name;
            var relative = prefix + name;
            if (name.StartsWith('.') && name != LockFile)
            {
                continue;
            }

            if (relative.Contains(".tfstate", StringComparison.Ordinal))
            {
                continue;
            }

            var variables = relative is "terraform.tfvars" or "terraform.tfvars.json" ||
                relative.EndsWith(".auto.tfvars", StringComparison.Ordinal) || relative.EndsWith(".auto.tfvars.json", StringComparison.Ordinal);
            if (child.LinkTarget is { } target)
            {
                if (!variables)
                {
                    entries.Add(new Entry(relative, Kind.Link, child.FullName, 0, LinkMode, LinkName(root, directory.FullName, relative, target)));
                }

                continue;
            }

            if (child is DirectoryInfo sub)
            {
                // Like the CLI, a directory whose name looks like a variables file loses only its own entry.
                if (!variables)
                {
                    entries.Add(new Entry(relative + "/", Kind.Directory, sub.FullName, 0, ExecutableMode, null));
                }

                Collect(root, sub, relative + "/", Children(sub), entries);
            }
            else if (child is FileInfo file && !variables && (file.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0)
            {
                entries.Add(new Entry(relative, Kind.File, file.FullName, file.Length, ModeOf(file), null));
            }
        }
    }

    private static string LinkName(string root, string linkDirectory, string relative, string target)
    {
        var resolved = Path.GetFullPath(target, linkDirectory);
        var inside = resolved == root || (resolved.Length > root.Length && resolved.StartsWith(root, StringComparison.Ordinal) &&
            (resolved[root.Length] == Path.DirectorySeparatorChar || resolved[root.Length] == Path.AltDirectorySeparatorChar));
        if (!inside)
        {
            throw new CoderTemplateArchiveException(TemplateArchiveProblem.SymlinkOutsideDirectory, root,
                $"The symbolic link {relative} in {root} points outside the template directory ({target}); it is not followed. Replace it with the file itself or remove it.",
                path: relative);
        }

        // Inside the archive a link must be relative to where it sits.
        var name = Path.IsPathRooted(target) ? Path.GetRelativePath(linkDirectory, resolved) : target;
        return name.Replace('\\', '/');
    }

    private static UnixFileMode ModeOf(FileInfo file)
    {
        if (OperatingSystem.IsWindows())
        {
            return RegularMode;
        }

        return (File.GetUnixFileMode(file.FullName) & UnixFileMode.UserExecute) != 0 ? ExecutableMode : RegularMode;
    }

    private static void Write(TarWriter writer, Entry entry)
    {
        var type = entry.Kind switch
        {
            Kind.Directory => TarEntryType.Directory,
            Kind.Link => TarEntryType.SymbolicLink,
            _ => TarEntryType.RegularFile,
        };
        var fits = Encoding.UTF8.GetByteCount(entry.Name) <= 100 && (entry.LinkName is null || Encoding.UTF8.GetByteCount(entry.LinkName) <= 100);
        PosixTarEntry tar = fits
            ? new UstarTarEntry(type, entry.Name)
            : new GnuTarEntry(type, entry.Name) { AccessTime = FixedTime, ChangeTime = FixedTime };
        tar.ModificationTime = FixedTime;
        tar.Mode = entry.Mode;
        tar.Uid = 0;
        tar.Gid = 0;
        tar.UserName = string.Empty;
        tar.GroupName = string.Empty;
        if (entry.LinkName is not null)
        {
            tar.LinkName = entry.LinkName;
        }

        if (entry.Kind != Kind.File)
        {
            writer.WriteEntry(tar);
            return;
        }

        using var data = new FileStream(entry.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        tar.DataStream = data;
        writer.WriteEntry(tar);
    }

    private static long Padded(long size) => (size + Block - 1) / Block * Block;

    private static TemplateArchiveFile[] Largest(List<Entry> entries) =>
        [.. entries.Where(e => e.Kind == Kind.File).OrderByDescending(e => e.Size).ThenBy(e => e.Name, StringComparer.Ordinal).Take(LargestListed).Select(e => new TemplateArchiveFile(e.Name, e.Size))];
}
