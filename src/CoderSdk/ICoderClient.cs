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
}
