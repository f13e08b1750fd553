namespace CoderSdk.Auth;

/// <summary>
/// A token provider built from your own callbacks, for tokens that live in a vault, come from an OAuth exchange, or rotate.
/// </summary>
/// <remarks>
/// <paramref name="getToken"/> runs before every request, so cache inside it if fetching is expensive. When coderd
/// answers 401, <paramref name="refresh"/> runs once with the rejected token and the request is repeated once with what
/// it returns. Concurrent 401s for the same token share one refresh.
/// </remarks>
/// <param name="getToken">Returns the token to send (null to send none).</param>
/// <param name="refresh">Returns a replacement for a rejected token, or null when there is none; null disables refresh.</param>
public sealed class CoderCallbackTokenProvider(
    Func<CancellationToken, ValueTask<CoderSessionToken?>> getToken,
    Func<CoderSessionToken?, CancellationToken, ValueTask<CoderSessionToken?>>? refresh = null) : ICoderTokenProvider
{
    private readonly Func<CancellationToken, ValueTask<CoderSessionToken?>> _getToken = getToken ?? throw new ArgumentNullException(nameof(getToken));
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private (CoderSessionToken? Rejected, CoderSessionToken? Fresh)? _lastRefresh;

    /// <inheritdoc />
    public ValueTask<CoderSessionToken?> GetTokenAsync(CancellationToken cancellationToken) => _getToken(cancellationToken);

    /// <inheritdoc />
    public async ValueTask<CoderSessionToken?> RefreshAsync(CoderSessionToken? rejected, CancellationToken cancellationToken)
    {
        if (refresh is null)
        {
            return null;
        }

        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another request already refreshed this very token: reuse its answer instead of refreshing again.
            if (_lastRefresh is { } last && Equals(last.Rejected, rejected) && last.Fresh is not null)
            {
                return last.Fresh;
            }

            var fresh = await refresh(rejected, cancellationToken).ConfigureAwait(false);
            _lastRefresh = (rejected, fresh);
            return fresh;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    /// <summary>Never prints a token.</summary>
    /// <returns><c>CoderCallbackTokenProvider</c>.</returns>
    public override string ToString() => nameof(CoderCallbackTokenProvider);
}
