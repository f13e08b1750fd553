namespace CoderSdk.Auth;

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
