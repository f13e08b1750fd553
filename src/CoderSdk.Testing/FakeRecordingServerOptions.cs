using System.Security.Cryptography.X509Certificates;

namespace CoderSdk.Testing;

/// <summary>How a <see cref="FakeRecordingServer"/> listens and answers.</summary>
public sealed class FakeRecordingServerOptions
{
    /// <summary>Serve https with this certificate (it must carry its private key); plain http when null.</summary>
    public X509Certificate2? Certificate { get; set; }

    /// <summary>With <see cref="Certificate"/>: demand a client certificate during the TLS handshake (any is accepted and recorded).</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>The status of every answer. Default: 200.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>The JSON body of every answer. Default: <c>{}</c>.</summary>
    public string Body { get; set; } = "{}";
}
