namespace CoderSdk.Testing;

/// <summary>A Terraform variable of a template version, read from the <c>variable "name" { ... }</c> blocks of its <c>.tf</c> files.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Required">True when the block has no <c>default</c>.</param>
/// <param name="Value">The value the version was created with (empty when none was given).</param>
public sealed record FakeTemplateVariable(string Name, bool Required, string Value);
