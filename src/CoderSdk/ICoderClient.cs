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
    /// request; otherwise the server's version is read as <see cref="GetServerVersionAsync"/> does.
    /// </summary>
    /// <param name="operation">The operation, e.g. <c>CoderApiOperation.Get&lt;IWorkspacesApi&gt;(nameof(IWorkspacesApi.GetTimingsAsync))</c>.</param>
    /// <param name="cancellationToken">Cancels the version lookup.</param>
    /// <returns>
    /// The verdict with its reason. When the server's version is unknown or not a release number the status is
    /// <see cref="CoderSupportStatus.Unknown"/> and <see cref="CoderOperationSupport.IsSupported"/> is true.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="operation"/> is null.</exception>
    /// <exception cref="CoderApiException">The version lookup failed.</exception>
    /// <exception cref="HttpRequestException">coderd could not be reached.</exception>
    ValueTask<CoderOperationSupport> CheckSupportAsync(CoderApiOperation operation, CancellationToken cancellationToken = default);
}
