using CoderSdk.Errors;

namespace CoderSdk.Auth;

/// <summary>
/// Supplies the session token for each request. The SDK asks before every request, so a provider can rotate
/// tokens without rebuilding the client.
/// </summary>
public interface ICoderTokenProvider
{
    /// <summary>Returns the token to send, or <see langword="null"/> to send the request without one.</summary>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The current token, or <see langword="null"/>.</returns>
    ValueTask<CoderSessionToken?> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Called once when coderd answers 401 to a request made with <paramref name="rejected"/>. Return a new token
    /// to retry the request once with it, or <see langword="null"/> to let the 401 surface as
    /// <see cref="CoderUnauthorizedException"/>.
    /// </summary>
    /// <param name="rejected">The token coderd refused (null when the request carried none).</param>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>A replacement token, or <see langword="null"/> when none is available.</returns>
    ValueTask<CoderSessionToken?> RefreshAsync(CoderSessionToken? rejected, CancellationToken cancellationToken) =>
        ValueTask.FromResult<CoderSessionToken?>(null);
}
