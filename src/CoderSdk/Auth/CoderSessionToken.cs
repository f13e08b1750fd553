namespace CoderSdk.Auth;

/// <summary>
/// A Coder session token (API key) kept out of sight: <see cref="ToString"/> prints <c>****</c>, so the
/// token cannot leak through string formatting, logging templates, debugger displays or exception text.
/// </summary>
/// <remarks>
/// The SDK reads the secret only when it writes the <c>Coder-Session-Token</c> request header.
/// Two tokens are equal when their secrets are equal; the comparison takes the same time whatever the content.
/// </remarks>
[System.Diagnostics.DebuggerDisplay("****")]
public sealed class CoderSessionToken : IEquatable<CoderSessionToken>
{
    private readonly string _value;

    /// <summary>Wraps a session token.</summary>
    /// <param name="value">The token exactly as Coder issued it (for example <c>abcd1234-0123456789abcdefghij</c>).</param>
    /// <exception cref="ArgumentException">The token is null, empty, white space, or contains a line break or control character.</exception>
    public CoderSessionToken(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("The Coder session token is empty.", nameof(value));
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                // Never echo the value: the message must stay safe to log.
                throw new ArgumentException("The Coder session token contains a control character (a line break?); it cannot be sent as a header.", nameof(value));
            }
        }

        _value = value.Trim();
    }

    /// <summary>Returns the secret itself. Call it only where the token must be written to the wire.</summary>
    /// <returns>The raw token.</returns>
    public string Reveal() => _value;

    /// <summary>Always <c>****</c>; the secret is never part of the text form.</summary>
    /// <returns><c>****</c>.</returns>
    public override string ToString() => "****";

    /// <inheritdoc />
    public bool Equals(CoderSessionToken? other) =>
        other is not null &&
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(_value.AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(other._value.AsSpan()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as CoderSessionToken);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);
}
