using System.Security.Cryptography.X509Certificates;

namespace CoderSdk.Configuration;

/// <summary>
/// TLS settings for the connection to coderd, the same ones Coder's IDE plugins offer: a custom certificate authority,
/// a client certificate, and an alternate name to check the server certificate against. They apply to every request
/// and to WebSocket streams alike, because streams connect through the same transport. Configuration section: <c>Tls</c>.
/// </summary>
/// <remarks>
/// Certificate validation stays on. Files are read, and a file that does not parse is reported, when the options are
/// validated, that is when the client is created (or the host starts).
/// </remarks>
public sealed class CoderTlsOptions
{
    /// <summary>
    /// A PEM file of certificate authorities to trust besides the system's, for a coderd whose certificate an internal CA
    /// issued. Configuration key: <c>CaCertificateFile</c>.
    /// </summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>Certificate authorities to trust besides the system's, given in memory.</summary>
    public X509Certificate2Collection CaCertificates { get; } = [];

    /// <summary>A PEM file with the client certificate, for a coderd or proxy that demands mutual TLS. Needs <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>The PEM file with the client certificate's private key (PKCS#8, PKCS#1 or SEC1).</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>A PKCS#12 (.pfx/.p12) file holding the client certificate and its key, instead of the two PEM files.</summary>
    public string? ClientCertificatePfxFile { get; set; }

    /// <summary>The password of <see cref="ClientCertificatePfxFile"/> or of an encrypted <see cref="ClientKeyFile"/>.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>A client certificate with its private key, given in memory.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>
    /// The name the server certificate must carry when it differs from the host in the URL, for example when coderd is
    /// reached through an IP address or an SSH tunnel. Configuration key: <c>ServerName</c>.
    /// </summary>
    public string? ServerName { get; set; }

    /// <summary>
    /// Accepts any server certificate, which lets anyone on the network path read the session token. Off by default; the
    /// SDK logs a warning whenever a client is created with it on. Meant only for throw-away test deployments.
    /// </summary>
    public bool DangerousAcceptAnyServerCertificate { get; set; }

    /// <summary>True when any setting here differs from the default.</summary>
    public bool IsConfigured =>
        CaCertificateFile is not null || CaCertificates.Count > 0 || ClientCertificateFile is not null || ClientKeyFile is not null ||
        ClientCertificatePfxFile is not null || ClientCertificate is not null || ServerName is not null || DangerousAcceptAnyServerCertificate;

    /// <summary>The section's settings, one row each (see <see cref="CoderSetting"/>).</summary>
    internal static readonly CoderSetting[] Settings = CreateSettings(new CoderSettingSection<CoderTlsOptions>("Tls", static o => o.Tls));

    private static CoderSetting[] CreateSettings(CoderSettingSection<CoderTlsOptions> s) =>
    [
        s.Row(nameof(CaCertificateFile), CoderSettingTypes.Text, t => t.CaCertificateFile, (t, v) => t.CaCertificateFile = v,
            doc: "a PEM file of extra certificate authorities to trust"),
        s.Row(nameof(CaCertificates), CoderSettingType<X509Certificate2Collection>.Code("certificates", v => v.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            t => t.CaCertificates, (t, v) => AddCertificates(v, t.CaCertificates),
            doc: "extra certificate authorities given in memory"),
        s.Row(nameof(ClientCertificateFile), CoderSettingTypes.Text, t => t.ClientCertificateFile, (t, v) => t.ClientCertificateFile = v,
            doc: "a PEM client certificate for mutual TLS (with ClientKeyFile)"),
        s.Row(nameof(ClientKeyFile), CoderSettingTypes.Text, t => t.ClientKeyFile, (t, v) => t.ClientKeyFile = v,
            doc: "the PEM private key of ClientCertificateFile"),
        s.Row(nameof(ClientCertificatePfxFile), CoderSettingTypes.Text, t => t.ClientCertificatePfxFile, (t, v) => t.ClientCertificatePfxFile = v,
            doc: "a PKCS#12 (.pfx/.p12) file with the client certificate and its key"),
        s.Row(nameof(ClientCertificatePassword), CoderSettingTypes.Text, t => t.ClientCertificatePassword, (t, v) => t.ClientCertificatePassword = v, secret: true,
            doc: "the password of the .pfx file or of an encrypted key file; never printed"),
        s.Row(nameof(ClientCertificate), CoderSettingType<X509Certificate2?>.Code("certificate", v => v is null ? "none" : "(set)"),
            t => t.ClientCertificate, (t, v) => t.ClientCertificate = v,
            doc: "a client certificate with its key, given in memory"),
        s.Row(nameof(ServerName), CoderSettingTypes.Text, t => t.ServerName, (t, v) => t.ServerName = v,
            doc: "the name the server certificate must carry when it differs from the URL's host"),
        s.Row(nameof(DangerousAcceptAnyServerCertificate), CoderSettingTypes.Bool, t => t.DangerousAcceptAnyServerCertificate, (t, v) => t.DangerousAcceptAnyServerCertificate = v,
            doc: "accepts any server certificate: throw-away test deployments only"),
    ];

    private static void AddCertificates(X509Certificate2Collection from, X509Certificate2Collection to)
    {
        if (!ReferenceEquals(from, to))
        {
            to.AddRange(from);
        }
    }

    /// <summary>Summarises the settings without secrets (no password, no key material).</summary>
    /// <returns>A one-line description, <c>default</c> when nothing is set.</returns>
    public override string ToString()
    {
        if (!IsConfigured)
        {
            return "default";
        }

        var parts = new List<string>();
        if (CaCertificateFile is not null || CaCertificates.Count > 0)
        {
            parts.Add("custom CA");
        }

        if (ClientCertificateFile is not null || ClientCertificatePfxFile is not null || ClientCertificate is not null)
        {
            parts.Add("client certificate");
        }

        if (ServerName is not null)
        {
            parts.Add("server name " + ServerName);
        }

        if (DangerousAcceptAnyServerCertificate)
        {
            parts.Add("DANGEROUS: any server certificate accepted");
        }

        return string.Join(", ", parts);
    }
}
