namespace CoderSdk.Http;

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

/// <summary>A token provider that always returns the same token and cannot refresh it.</summary>
public sealed class StaticCoderTokenProvider : ICoderTokenProvider
{
    private readonly CoderSessionToken _token;

    /// <summary>Creates a provider for a fixed token.</summary>
    /// <param name="token">The token to send with every request.</param>
    public StaticCoderTokenProvider(CoderSessionToken token) => _token = token ?? throw new ArgumentNullException(nameof(token));

    /// <inheritdoc />
    public ValueTask<CoderSessionToken?> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<CoderSessionToken?>(_token);

    /// <summary>Returns <c>StaticCoderTokenProvider(****)</c>; the token is never printed.</summary>
    /// <returns>A description without the secret.</returns>
    public override string ToString() => "StaticCoderTokenProvider(****)";
}
