using System.Text;

namespace CoderSdk.Generator;

/// <summary>Writes generated files to disk, or compares them with what is there (for CI).</summary>
internal static class OutputFiles
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Makes <paramref name="folder"/> hold exactly <paramref name="files"/>: writes what changed and deletes generated
    /// <c>.cs</c> files that are no longer produced. Returns how many files were written or deleted.
    /// </summary>
    public static int Write(string folder, IReadOnlyDictionary<string, string> files)
    {
        var changes = 0;
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(folder, relative);
            if (File.Exists(path) && File.ReadAllText(path, Utf8) == content)
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content, Utf8);
            changes++;
        }

        foreach (var stale in Stale(folder, files))
        {
            File.Delete(Path.Combine(folder, stale));
            changes++;
        }

        return changes;
    }

    /// <summary>Lists the differences between <paramref name="files"/> and the folder: changed, missing and stale files.</summary>
    public static IReadOnlyList<string> Compare(string folder, IReadOnlyDictionary<string, string> files)
    {
        var differences = new List<string>();
        foreach (var (relative, content) in files)
        {
            var path = Path.Combine(folder, relative);
            if (!File.Exists(path))
            {
                differences.Add($"missing: {path}");
            }
            else if (File.ReadAllText(path, Utf8) != content)
            {
                differences.Add($"differs: {path}");
            }
        }

        differences.AddRange(Stale(folder, files).Select(s => $"not generated any more: {Path.Combine(folder, s)}"));
        return differences;
    }

    private static IEnumerable<string> Stale(string folder, IReadOnlyDictionary<string, string> files) =>
        !Directory.Exists(folder)
            ? []
            : Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
                .Where(f => !files.ContainsKey(f))
                .Order(StringComparer.Ordinal)
                .ToList();

    /// <summary>The repository root above <paramref name="folder"/>: the first folder holding <c>CoderSdk.sln</c>.</summary>
    public static string? FindRepositoryRoot(string folder)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(folder)); current is not null; current = current.Parent)
        {
            if (File.Exists(Path.Combine(current.FullName, "CoderSdk.sln")))
            {
                return current.FullName;
            }
        }

        return null;
    }
}
