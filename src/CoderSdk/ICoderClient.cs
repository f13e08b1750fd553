using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Versions;

namespace CoderSdk;

/// <summary>
/// The root of the Coder API: one property per API area (<see cref="ICoderClient"/> gains areas as the API grows).
/// Create one with <see cref="CoderClient"/> or register it with <c>services.AddCoderClient(...)</c>.
/// </summary>
/// <remarks>New members may be added in minor versions; implement it only for test doubles.</remarks>
public partial interface ICoderClient
{
    /// <summary>The deployment root every request goes to.</summary>
    Uri BaseUrl { get; }

    /// <summary>
    /// A view of this client whose calls (areas, streams, <see cref="SendAsync"/>) add <paramref name="options"/>'s
    /// headers, keep to its timeout and report each final response to its callback. The view shares this client's
    /// connection, credentials, retries and version knowledge; it needs no disposing, and disposing this client ends it.
    /// </summary>
    /// <param name="options">The per-call settings; they are copied.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentException">The options are unusable (a session-token header, a negative timeout); the message says which.</exception>
    ICoderClient WithCallOptions(CoderCallOptions options);

    /// <summary>
    /// Sends a request the SDK has no method for through this client's pipeline: the session token (always: the SDK does not know the request's security scheme), header command,
    /// retry rules for its method, redirect guard and version observation of generated calls apply. A relative
    /// <see cref="HttpRequestMessage.RequestUri"/> (<c>/api/v2/...</c>) is resolved against <see cref="BaseUrl"/>; an
    /// absolute one must be on the deployment's origin.
    /// </summary>
    /// <param name="request">The request; the SDK adds the credentials. Give it buffered content if it may be retried.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response for any 2xx status; dispose it.</returns>
    /// <exception cref="CoderApiException">coderd answered with a status outside 2xx (the typed subclass for the status, with coderd's message); the response has been disposed.</exception>
    /// <exception cref="CoderForeignOriginException">The request is addressed to another origin; nothing was sent.</exception>
    /// <exception cref="HttpRequestException">coderd could not be reached.</exception>
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default);

    /// <summary>coderd's live streams over this client's connection: log follows, watches and the dynamic-parameters session.</summary>
    ICoderStreams Streams { get; }

    /// <summary>
    /// The version of the connected coderd. The client learns it for free from the <c>X-Coder-Build-Version</c>
    /// header of the first response that carries one (coderd sends it on every response); before any such response
    /// this reads <c>/api/v2/buildinfo</c> once. The answer is kept for the client's lifetime.
    /// </summary>
    /// <param name="cancellationToken">Cancels the <c>/api/v2/buildinfo</c> request, when one is needed.</param>
    /// <returns>
    /// The version, or <see langword="null"/> when coderd reports something that is not a release number (<c>dev</c>,
    /// an empty string); the SDK's version checks are then off.
    /// </returns>
    /// <exception cref="CoderApiException"><c>/api/v2/buildinfo</c> failed; nothing is cached, so a later call asks again.</exception>
    /// <exception cref="HttpRequestException">coderd could not be reached.</exception>
    ValueTask<CoderServerVersion?> GetServerVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the connected deployment has <paramref name="operation"/>, by the server's version and the SDK's
    /// release data, without calling the operation. An operation every supported release has is answered without a
    /// request; otherwise the server's version is read as <see cref="GetServerVersionAsync"/> does. For an operation
    /// behind a license feature or an experiment (<see cref="CoderApiOperation.Gates"/>) the deployment's
    /// entitlements or experiments are read too (kept per client for five minutes), and one that is off makes the
    /// verdict <see cref="CoderSupportStatus.NotSupported"/> with <see cref="CoderOperationSupport.Gate"/> set; when
    /// they cannot be read the version verdict stands and its reason says why.
    /// </summary>
    /// <param name="operation">The operation, e.g. <c>CoderApiOperation.Get&lt;IWorkspacesApi&gt;(nameof(IWorkspacesApi.GetTimingsAsync))</c>.</param>
    /// <param name="cancellationToken">Cancels the version lookup.</param>
    /// <returns>
    /// The verdict with its reason. When the server's version is unknown or not a release number the status is
    /// <see cref="CoderSupportStatus.Unknown"/> and <see cref="CoderOperationSupport.IsSupported"/> is true.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="CoderApiException">The version lookup failed (a failed entitlements or experiments read never throws).</exception>
    /// <exception cref="HttpRequestException">coderd could not be reached for the version.</exception>
    ValueTask<CoderOperationSupport> CheckSupportAsync(CoderApiOperation operation, CancellationToken cancellationToken = default);
}
