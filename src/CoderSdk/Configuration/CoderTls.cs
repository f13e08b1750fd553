using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CoderSdk.Configuration;

/// <summary>
/// The certificates named by <see cref="CoderTlsOptions"/>, loaded, and the server-certificate check built from them.
/// Loading happens at validation time so that a file that does not parse is a configuration error, not a failed request.
/// </summary>
internal sealed class CoderTls
{
    private CoderTls(X509Certificate2Collection authorities, X509Certificate2? clientCertificate, string? serverName, bool acceptAny)
    {
        Authorities = authorities;
        ClientCertificate = clientCertificate;
        ServerName = serverName;
        AcceptAny = acceptAny;
    }

    public X509Certificate2Collection Authorities { get; }

    public X509Certificate2? ClientCertificate { get; }

    public string? ServerName { get; }

    public bool AcceptAny { get; }

    /// <summary>Loads the material; on failure returns null and adds one sentence per problem to <paramref name="errors"/>.</summary>
    public static CoderTls? Load(CoderTlsOptions options, List<string> errors)
    {
        var start = errors.Count;
        var authorities = new X509Certificate2Collection();
        authorities.AddRange(options.CaCertificates);
        if (options.CaCertificateFile is { } caFile)
        {
            try
            {
                var fromFile = new X509Certificate2Collection();
                fromFile.ImportFromPemFile(caFile);
                if (fromFile.Count == 0)
                {
                    errors.Add($"Tls.CaCertificateFile '{caFile}' could not be read as PEM certificates: it holds no well-formed -----BEGIN CERTIFICATE----- block.");
                }

                authorities.AddRange(fromFile);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
            {
                errors.Add($"Tls.CaCertificateFile '{caFile}' could not be read as PEM certificates: {ex.Message}");
            }
        }

        var client = LoadClientCertificate(options, errors);
        if (options.ServerName is { } name && (name.Length == 0 || name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c == '/')))
        {
            errors.Add($"Tls.ServerName '{name}' is not a host name.");
        }

        return errors.Count > start ? null : new CoderTls(authorities, client, options.ServerName, options.DangerousAcceptAnyServerCertificate);
    }

    /// <summary>The TLS client settings for <see cref="SocketsHttpHandler.SslOptions"/>.</summary>
    public SslClientAuthenticationOptions ToSslOptions()
    {
        var ssl = new SslClientAuthenticationOptions();
        if (AcceptAny || Authorities.Count > 0 || ServerName is not null)
        {
            ssl.RemoteCertificateValidationCallback = Validate;
        }

        if (ClientCertificate is not null)
        {
            ssl.ClientCertificates = [ClientCertificate];
        }

        return ssl;
    }

    /// <summary>
    /// Accepts the server certificate when its name matches (the URL's host, or <see cref="ServerName"/>) and its chain
    /// ends at a root the system trusts or at one of <see cref="Authorities"/>.
    /// </summary>
    internal bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (AcceptAny)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var nameMatches = ServerName is null
            ? (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0
            : leaf.MatchesHostname(ServerName);
        if (!nameMatches)
        {
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0)
        {
            return true;
        }

        if (Authorities.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                if (!element.Certificate.Equals(leaf))
                {
                    custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }
        }

        return custom.Build(leaf);
    }

    private static X509Certificate2? LoadClientCertificate(CoderTlsOptions options, List<string> errors)
    {
        var sources = (options.ClientCertificate is null ? 0 : 1) + (options.ClientCertificatePfxFile is null ? 0 : 1) +
            (options.ClientCertificateFile is null && options.ClientKeyFile is null ? 0 : 1);
        if (sources > 1)
        {
            errors.Add("Give the client certificate one way only: Tls.ClientCertificate, Tls.ClientCertificatePfxFile, or Tls.ClientCertificateFile with Tls.ClientKeyFile.");
            return null;
        }

        if (options.ClientCertificate is { } given)
        {
            if (!given.HasPrivateKey)
            {
                errors.Add("Tls.ClientCertificate has no private key, so it cannot authenticate the client.");
            }

            return given;
        }

        if (options.ClientCertificatePfxFile is { } pfx)
        {
            try
            {
#if NET9_0_OR_GREATER
                return X509CertificateLoader.LoadPkcs12FromFile(pfx, options.ClientCertificatePassword);
#else
                return new X509Certificate2(pfx, options.ClientCertificatePassword);
#endif
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                errors.Add($"Tls.ClientCertificatePfxFile '{pfx}' could not be read as PKCS#12 (wrong password?): {ex.Message}");
                return null;
            }
        }

        if (options.ClientCertificateFile is null && options.ClientKeyFile is null)
        {
            return null;
        }

        if (options.ClientCertificateFile is not { } certFile || options.ClientKeyFile is not { } keyFile)
        {
            errors.Add("Tls.ClientCertificateFile and Tls.ClientKeyFile go together: set both, or use Tls.ClientCertificatePfxFile.");
            return null;
        }

        try
        {
            var pem = options.ClientCertificatePassword is { } password
                ? X509Certificate2.CreateFromEncryptedPemFile(certFile, password, keyFile)
                : X509Certificate2.CreateFromPemFile(certFile, keyFile);
            if (!OperatingSystem.IsWindows())
            {
                return pem;
            }

            // SChannel cannot use the ephemeral key of a PEM-loaded certificate; a PKCS#12 round trip gives it a usable one.
            using (pem)
            {
#if NET9_0_OR_GREATER
                return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
#else
                return new X509Certificate2(pem.Export(X509ContentType.Pkcs12));
#endif
            }
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            errors.Add($"Tls.ClientCertificateFile '{certFile}' with Tls.ClientKeyFile '{keyFile}' could not be read as a PEM certificate and key: {ex.Message}");
            return null;
        }
    }
}
