namespace CoderSdk.Errors;

/// <summary>One per-field validation failure from coderd's error body.</summary>
/// <param name="Field">The request field coderd rejected.</param>
/// <param name="Detail">Why coderd rejected it.</param>
public sealed record CoderValidationError(string Field, string Detail);
