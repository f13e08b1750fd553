namespace CoderSdk.Models;

/// <summary>
/// A string enumeration from the Coder API that stays open: values this SDK version does not know still read,
/// compare and write back unchanged.
/// </summary>
/// <typeparam name="TSelf">The enumeration type.</typeparam>
public interface ICoderEnum<TSelf> where TSelf : struct, ICoderEnum<TSelf>
{
    /// <summary>The value exactly as it appears on the wire.</summary>
    string Value { get; }

    /// <summary>True when the value is one this SDK version lists.</summary>
    bool IsKnown { get; }

    /// <summary>Wraps a wire value, known or not.</summary>
    /// <param name="value">The wire value.</param>
    /// <returns>The enumeration value.</returns>
    static abstract TSelf FromValue(string value);
}
