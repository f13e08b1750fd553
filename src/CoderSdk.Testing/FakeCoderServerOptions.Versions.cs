using CoderSdk.Versions;

namespace CoderSdk.Testing;

// The coderd release the fake claims to be, and whether it acts like that release.
public sealed partial class FakeCoderServerOptions
{
    /// <summary>
    /// The version a fake server claims unless told otherwise: the release the SDK is generated from
    /// (<see cref="CoderServerVersion.GeneratedFrom"/>), so the fake moves with the SDK.
    /// </summary>
    public static string DefaultVersion { get; } = CoderServerVersion.GeneratedFrom.Text;

    /// <summary>
    /// The coderd version the server claims: the <c>version</c> of <c>/api/v2/buildinfo</c> and, while
    /// <see cref="SendsVersionHeader"/> is on, the <c>X-Coder-Build-Version</c> header of every response (as coderd
    /// sends it). Any text is allowed, so a test can claim <c>dev</c> or an empty version; read when the server starts.
    /// </summary>
    public string Version { get; set; } = DefaultVersion;

    /// <summary>Send <see cref="Version"/> as the <c>X-Coder-Build-Version</c> header on every response. On by default.</summary>
    public bool SendsVersionHeader { get; set; } = true;

    /// <summary>
    /// Act as the release <see cref="Version"/> names: a request to the route of an operation that release does not
    /// have (by <c>CoderApiOperation.IntroducedIn</c> and <c>RemovedAfter</c> of the SDK's operation table) answers
    /// 404 with coderd's body <c>{"message":"Route not found."}</c>, before authentication as in coderd. Off by default
    /// (every route the fake implements answers). <see cref="Version"/> must then be a release number.
    /// </summary>
    public bool RestrictToVersion { get; set; }

    /// <summary>Tests only: replaces operations' release data (the generated table may not have it yet).</summary>
    internal Func<CoderApiOperation, CoderApiOperation>? OperationMap { get; set; }
}
