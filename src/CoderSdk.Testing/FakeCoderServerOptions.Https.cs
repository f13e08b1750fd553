using System.Security.Cryptography.X509Certificates;

namespace CoderSdk.Testing;

// The optional second, https listener (same endpoints and state) for TLS and http-to-https redirect tests.
public sealed partial class FakeCoderServerOptions
{
    /// <summary>
    /// When set, the server also listens for https on another free loopback port with this certificate (it must carry
    /// its private key); <see cref="FakeCoderServer.HttpsBaseUrl"/> gives the address.
    /// </summary>
    public X509Certificate2? HttpsCertificate { get; set; }
}
