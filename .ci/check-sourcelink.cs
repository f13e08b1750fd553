// Checks that the PDBs of a package carry SourceLink to the repository and commit the package names.
//   dotnet run .ci/check-sourcelink.cs -- <package.nupkg> [commit]
// Reads <repository url= commit=> from the .nupkg's nuspec and every .pdb in the .snupkg beside it. Each PDB must have
// a SourceLink JSON (custom debug information CC110556-...) whose mappings go to
// https://raw.githubusercontent.com/<owner>/<repo>/<commit>/, and each of its documents must either fall under a
// mapping or be embedded in the PDB (generated and untracked files). With a commit argument, the nuspec's commit
// must be that one. With CI=true (ContinuousIntegrationBuild) every document path must be deterministic: /_/...
// Exit code 1 and a line per problem when something is missing.
// Not published, so no Native AOT (the default for a file-based program): nothing to restore beside the SDK.
#:property PublishAot=false
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Text.Json;
using System.Xml.Linq;

var sourceLinkKind = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
var embeddedSourceKind = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: dotnet run .ci/check-sourcelink.cs -- <package.nupkg> [commit]");
    return 2;
}

var nupkg = args[0];
var deterministic = Environment.GetEnvironmentVariable("CI") == "true";
var problems = new List<string>();

string repositoryUrl, commit;
using (var package = ZipFile.OpenRead(nupkg))
{
    var nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
    using var nuspecStream = nuspec.Open();
    var repository = XDocument.Load(nuspecStream).Descendants().Single(e => e.Name.LocalName == "repository");
    repositoryUrl = (string?)repository.Attribute("url") ?? "";
    commit = (string?)repository.Attribute("commit") ?? "";
}

if (args.Length == 2 && !string.Equals(commit, args[1], StringComparison.OrdinalIgnoreCase))
{
    problems.Add($"the nuspec's repository commit is '{commit}', expected {args[1]}");
}

var github = new Uri(repositoryUrl.TrimEnd('/'), UriKind.Absolute);
if (github.Host != "github.com" || commit.Length != 40)
{
    Console.Error.WriteLine($"{nupkg}: repository '{repositoryUrl}' commit '{commit}' is not a GitHub repository at a commit");
    return 1;
}

var contentUrl = $"https://raw.githubusercontent.com{github.AbsolutePath.TrimEnd('/')}/{commit}/";
var snupkg = Path.ChangeExtension(nupkg, ".snupkg");
using var symbols = ZipFile.OpenRead(snupkg);
var pdbs = symbols.Entries.Where(e => e.FullName.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase)).ToList();
if (pdbs.Count == 0)
{
    problems.Add($"{snupkg} has no .pdb");
}

foreach (var entry in pdbs)
{
    var where = $"{Path.GetFileName(snupkg)}:{entry.FullName}";
    using var copy = new MemoryStream();
    using (var pdbStream = entry.Open())
    {
        pdbStream.CopyTo(copy);
    }

    copy.Position = 0;
    using var provider = MetadataReaderProvider.FromPortablePdbStream(copy);
    var pdb = provider.GetMetadataReader();

    var sourceLinks = pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition)
        .Select(pdb.GetCustomDebugInformation)
        .Where(info => pdb.GetGuid(info.Kind) == sourceLinkKind)
        .ToList();
    if (sourceLinks.Count == 0)
    {
        problems.Add($"{where}: no SourceLink");
        continue;
    }

    using var json = JsonDocument.Parse(pdb.GetBlobBytes(sourceLinks[0].Value));
    var mappings = json.RootElement.GetProperty("documents").EnumerateObject()
        .Select(p => (Path: p.Name, Url: p.Value.GetString() ?? ""))
        .ToList();
    foreach (var (path, url) in mappings.Where(m => !m.Url.StartsWith(contentUrl, StringComparison.Ordinal)))
    {
        problems.Add($"{where}: SourceLink maps {path} to {url}, not under {contentUrl}");
    }

    int mapped = 0, embedded = 0;
    foreach (var handle in pdb.Documents)
    {
        var name = pdb.GetString(pdb.GetDocument(handle).Name);
        var isEmbedded = pdb.GetCustomDebugInformation(handle)
            .Any(info => pdb.GetGuid(pdb.GetCustomDebugInformation(info).Kind) == embeddedSourceKind);
        if (deterministic && !name.StartsWith("/_/", StringComparison.Ordinal))
        {
            problems.Add($"{where}: document {name} has the build machine's path (CI=true builds map it to /_/)");
        }

        if (isEmbedded)
        {
            embedded++;
        }
        else if (mappings.Any(m => m.Path.EndsWith('*') ? name.StartsWith(m.Path[..^1], StringComparison.Ordinal) : name == m.Path))
        {
            mapped++;
        }
        else
        {
            problems.Add($"{where}: document {name} is neither mapped by SourceLink nor embedded");
        }
    }

    Console.WriteLine($"{where}: SourceLink {string.Join(", ", mappings.Select(m => $"{m.Path} -> {m.Url}"))}; {mapped} documents mapped, {embedded} embedded");
}

foreach (var problem in problems)
{
    Console.Error.WriteLine(problem);
}

return problems.Count == 0 ? 0 : 1;
