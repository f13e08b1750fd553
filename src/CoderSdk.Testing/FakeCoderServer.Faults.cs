using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CoderSdk.Testing;

// Fault injection, the optional https listener, and the token announcement used by leak audits.
public sealed partial class FakeCoderServer
{
    /// <summary>
    /// Raised with the administrator's session token whenever a fake server starts, so a test suite can watch every
    /// token it hands out (for example to prove that none of them ever appears in logs or exception messages).
    /// </summary>
    public static event Action<string>? SessionTokenIssued;

    /// <summary>Injects faults (resets, error statuses, slow or cut-short responses, redirects) into this server's requests.</summary>
    public FakeFaultInjector Faults { get; }

    /// <summary>The https address when <see cref="FakeCoderServerOptions.HttpsCertificate"/> was set, e.g. <c>https://127.0.0.1:41235/</c>.</summary>
    public Uri? HttpsBaseUrl { get; private set; }

    private static void ListenHttps(KestrelServerOptions kestrel, IPAddress address, FakeCoderServerOptions options)
    {
        if (options.HttpsCertificate is { } certificate)
        {
            kestrel.Listen(address, 0, listen => listen.UseHttps(certificate));
        }
    }

    private void UseFaults(WebApplication app)
    {
        app.Use(Faults.InvokeAsync);
        SessionTokenIssued?.Invoke(State.Admin.SessionToken);
    }

    private void SetAddresses(ICollection<string> addresses)
    {
        static Uri Root(string address) => new(address.EndsWith('/') ? address : address + "/");
        BaseUrl = Root(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
        HttpsBaseUrl = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) is { } https ? Root(https) : null;
    }
}
