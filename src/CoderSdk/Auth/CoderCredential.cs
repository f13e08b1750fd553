using CoderSdk.Configuration;

namespace CoderSdk.Auth;

/// <summary>
/// What an operation authenticates with, from its security scheme in the spec (the generator writes it into the
/// operation table). The auth step sends exactly that credential, and the session token only to operations that name it.
/// </summary>
internal enum CoderCredential
{
    /// <summary>The session token (<c>Coder-Session-Token</c>): almost every operation, and those that name no scheme.</summary>
    SessionToken,

    /// <summary>A provisioner key (<c>Coder-Provisioner-Daemon-Key</c>, <see cref="CoderClientOptions.ProvisionerKey"/>).</summary>
    ProvisionerKey,

    /// <summary>The SCIM key (<c>Authorization: Bearer</c>, <see cref="CoderClientOptions.ScimApiKey"/>).</summary>
    ScimApiKey,

    /// <summary>The AI gateway key (<c>X-AI-Governance-Gateway-Key</c>); only a stream route the SDK leaves out uses it.</summary>
    AIGatewayKey,
}
