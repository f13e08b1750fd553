namespace CoderSdk.Generator;

/// <summary>The input cannot be turned into code as it stands (a spec shape or an override the generator cannot honour).</summary>
internal sealed class GeneratorException(string message) : Exception(message);
