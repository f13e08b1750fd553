using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CoderSdk.Tests.Support;

/// <summary>Certificates made in-test: a private CA, server certificates it signs, and client certificates, with PEM/PFX files.</summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Lazy<TestCertificates> Shared = new(() => new TestCertificates());

    private TestCertificates()
    {
        Directory = Path.Combine(Path.GetTempPath(), "codersdk-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=CoderSdk Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        Authority = Reload(caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)));
        AuthorityPemFile = Write("ca.pem", Authority.ExportCertificatePem());

        Loopback = Issue("CN=127.0.0.1", san => { san.AddIpAddress(IPAddress.Loopback); san.AddDnsName("localhost"); });
        InternalName = Issue("CN=coder.internal", san => san.AddDnsName("coder.internal"));

        using var clientKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var clientRequest = new CertificateRequest("CN=codersdk-client", clientKey, HashAlgorithmName.SHA256);
        clientRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        Client = Reload(clientRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)));
        ClientCertificatePemFile = Write("client.pem", Client.ExportCertificatePem());
        ClientKeyPemFile = Write("client.key", clientKey.ExportPkcs8PrivateKeyPem());
        ClientPfxFile = Path.Combine(Directory, "client.pfx");
        File.WriteAllBytes(ClientPfxFile, Client.Export(X509ContentType.Pkcs12, ClientPfxPassword));
        GarbagePemFile = Write("garbage.pem", "-----BEGIN CERTIFICATE-----\nthis is not base64 at all!\n-----END CERTIFICATE-----\n");
    }

    public static TestCertificates Instance => Shared.Value;

    public const string ClientPfxPassword = "pfx-password";

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public string AuthorityPemFile { get; }

    /// <summary>Issued by <see cref="Authority"/> for 127.0.0.1 and localhost.</summary>
    public X509Certificate2 Loopback { get; }

    /// <summary>Issued by <see cref="Authority"/> for coder.internal only.</summary>
    public X509Certificate2 InternalName { get; }

    public X509Certificate2 Client { get; }

    public string ClientCertificatePemFile { get; }

    public string ClientKeyPemFile { get; }

    public string ClientPfxFile { get; }

    public string GarbagePemFile { get; }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private X509Certificate2 Issue(string subject, Action<SubjectAlternativeNameBuilder> names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        names(san);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(29), serial);
        return Reload(issued.CopyWithPrivateKey(key));
    }

    // A PKCS#12 round trip gives the key a form every TLS stack accepts.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
