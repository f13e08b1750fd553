using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CoderSdk.Testing;

/// <summary>Uploaded files, template versions created from them, templates created and promoted by a push.</summary>
public sealed partial class FakeCoderState
{
    /// <summary>The <c>error_code</c> coderd gives an import that lacks values for required Terraform variables.</summary>
    public const string RequiredTemplateVariablesCode = "REQUIRED_TEMPLATE_VARIABLES";

    private static readonly Regex VariableBlock = new("variable\\s+\"([^\"]+)\"\\s*\\{", RegexOptions.CultureInvariant);
    private static readonly Regex DefaultAttribute = new("(^|\\s)default\\s*=", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    private readonly Dictionary<Guid, FakeFile> _files = [];

    /// <summary>All uploaded files, oldest first.</summary>
    public IReadOnlyList<FakeFile> Files
    {
        get
        {
            lock (Sync)
            {
                return [.. _files.Values.OrderBy(f => f.CreatedAt)];
            }
        }
    }

    /// <summary>Finds an uploaded file by id.</summary>
    public FakeFile? File(Guid id) => Find(_files, id);

    /// <summary>
    /// Stores an upload as coderd does: one file per content hash and uploader. Uploading the same bytes again
    /// returns the stored file.
    /// </summary>
    /// <param name="uploader">Who uploads it.</param>
    /// <param name="mediaType">The media type it came with.</param>
    /// <param name="data">The content.</param>
    /// <returns>The file, and whether this upload stored it (false when it was already there).</returns>
    public (FakeFile File, bool Created) UploadFile(FakeUser uploader, string mediaType, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(uploader);
        ArgumentNullException.ThrowIfNull(data);
        var hash = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
        lock (Sync)
        {
            if (_files.Values.FirstOrDefault(f => f.Hash == hash && f.CreatedById == uploader.Id) is { } existing)
            {
                return (existing, false);
            }

            var file = new FakeFile { Hash = hash, CreatedById = uploader.Id, MediaType = mediaType, Data = data, CreatedAt = Now };
            _files[file.Id] = file;
            return (file, true);
        }
    }

    /// <summary>Finds a template by name within an organization.</summary>
    public FakeTemplate? FindTemplate(Guid organizationId, string name)
    {
        lock (Sync)
        {
            return _templates.Values.FirstOrDefault(t => t.OrganizationId == organizationId && string.Equals(t.Name, name, StringComparison.Ordinal));
        }
    }

    /// <summary>Finds an organization the way coderd reads an <c>{organization}</c> path segment: <c>default</c> (or the nil UUID) for the default organization, else an id, else a name.</summary>
    public FakeOrganization? FindOrganization(string idOrName)
    {
        lock (Sync)
        {
            // As coderd: "default" (and the nil UUID older provisioners send) is the default organization; then an ID, then a name.
            if (idOrName == "default" || idOrName == Guid.Empty.ToString())
            {
                return DefaultOrganization;
            }

            return Guid.TryParse(idOrName, out var id)
                ? _organizations.GetValueOrDefault(id)
                : _organizations.Values.FirstOrDefault(o => string.Equals(o.Name, idOrName, StringComparison.Ordinal));
        }
    }

    /// <summary>Adds an organization.</summary>
    /// <param name="name">The unique name.</param>
    /// <returns>The organization.</returns>
    public FakeOrganization AddOrganization(string name)
    {
        lock (Sync)
        {
            var organization = new FakeOrganization { Name = name, DisplayName = name, CreatedAt = Now };
            _organizations[organization.Id] = organization;
            return organization;
        }
    }

    /// <summary>
    /// Creates a template version from an uploaded archive, with a pending import job. The variables are read from the
    /// archive's <c>.tf</c> files; when one without a <c>default</c> gets no value, the import fails (once it runs)
    /// with <see cref="RequiredTemplateVariablesCode"/>.
    /// </summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="file">The archive.</param>
    /// <param name="name">The version name (made up when null or empty).</param>
    /// <param name="message">The message.</param>
    /// <param name="templateId">The template it belongs to, or <see cref="Guid.Empty"/> before the template exists.</param>
    /// <param name="tags">The provisioner tags.</param>
    /// <param name="values">Values for the Terraform variables.</param>
    /// <param name="initiator">Who pushed it.</param>
    /// <returns>The version.</returns>
    public FakeTemplateVersion CreateTemplateVersion(Guid organizationId, FakeFile file, string? name, string? message, Guid templateId,
        IReadOnlyDictionary<string, string> tags, IReadOnlyDictionary<string, string> values, FakeUser initiator)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(initiator);
        var variables = ReadVariables(file.Data)
            .Select(v => new FakeTemplateVariable(v.Name, v.Required, values.TryGetValue(v.Name, out var value) ? value : string.Empty))
            .ToList();
        var missing = variables.Where(v => v.Required && v.Value.Length == 0).Select(v => v.Name).ToList();
        lock (Sync)
        {
            var job = new FakeJob
            {
                Type = "template_version_import",
                OrganizationId = organizationId,
                InitiatorId = initiator.Id,
                FileId = file.Id,
                Tags = new Dictionary<string, string>(tags),
                CreatedAt = Now,
            };
            _jobs[job.Id] = job;
            if (missing.Count > 0)
            {
                _failNextBuildByJob[job.Id] = ("template import provision for start: required template variables: " + string.Join(", ", missing), RequiredTemplateVariablesCode);
            }

            var version = new FakeTemplateVersion
            {
                Name = string.IsNullOrEmpty(name) ? "v" + (_versions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : name,
                Message = message ?? string.Empty,
                TemplateId = templateId,
                OrganizationId = organizationId,
                JobId = job.Id,
                CreatedAt = Now,
                Variables = variables,
            };
            _versions[version.Id] = version;
            return version;
        }
    }

    /// <summary>Creates a template on a version that belongs to none yet (the version becomes its active one).</summary>
    /// <param name="organizationId">The organization.</param>
    /// <param name="name">The template name, unique within the organization.</param>
    /// <param name="version">The version.</param>
    /// <param name="creator">Who creates it.</param>
    /// <returns>The template.</returns>
    public FakeTemplate CreateTemplate(Guid organizationId, string name, FakeTemplateVersion version, FakeUser creator)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(creator);
        lock (Sync)
        {
            var template = new FakeTemplate
            {
                Name = name,
                DisplayName = string.Empty,
                OrganizationId = organizationId,
                CreatedById = creator.Id,
                CreatedAt = Now,
                ActiveVersionId = version.Id,
            };
            _templates[template.Id] = template;
            version.TemplateId = template.Id;
            return template;
        }
    }

    /// <summary>The versions of a template, oldest first.</summary>
    public IReadOnlyList<FakeTemplateVersion> TemplateVersions(Guid templateId)
    {
        lock (Sync)
        {
            return [.. _versions.Values.Where(v => v.TemplateId == templateId).OrderBy(v => v.CreatedAt)];
        }
    }

    /// <summary>Reads the <c>variable "name" { ... }</c> blocks of the <c>.tf</c> files in a tar archive; a block without <c>default</c> is required.</summary>
    /// <param name="archive">The tar archive.</param>
    /// <returns>The variables, in archive order.</returns>
    internal static IReadOnlyList<(string Name, bool Required)> ReadVariables(byte[] archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var found = new List<(string, bool)>();
        try
        {
            using var reader = new TarReader(new MemoryStream(archive, writable: false));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null ||
                    !entry.Name.EndsWith(".tf", StringComparison.Ordinal))
                {
                    continue;
                }

                using var text = new StreamReader(entry.DataStream, Encoding.UTF8);
                var source = text.ReadToEnd();
                foreach (Match match in VariableBlock.Matches(source))
                {
                    var body = Block(source, match.Index + match.Length);
                    found.Add((match.Groups[1].Value, !DefaultAttribute.IsMatch(body)));
                }
            }
        }
        catch (InvalidDataException)
        {
            // Not a tar: nothing to read, like a template without variables.
        }

        return found;
    }

    /// <summary>The text of a block from just after its <c>{</c> to its matching <c>}</c>, nested blocks left out.</summary>
    private static string Block(string source, int start)
    {
        var depth = 1;
        var top = new StringBuilder();
        for (var i = start; i < source.Length; i++)
        {
            var ch = source[i];
            if (ch == '{')
            {
                depth++;
            }
            else if (ch == '}' && --depth == 0)
            {
                break;
            }
            else if (depth == 1)
            {
                top.Append(ch);
            }
        }

        return top.ToString();
    }
}
