using CoderSdk.Configuration;

namespace CoderSdk.Auth;

/// <summary>Where a value came from when <see cref="CoderClientOptions.FromEnvironment"/> built the options.</summary>
public enum CoderCredentialOrigin
{
    /// <summary>Not found anywhere.</summary>
    None,

    /// <summary>An environment variable (<c>CODER_URL</c> or <c>CODER_SESSION_TOKEN</c>).</summary>
    Environment,

    /// <summary>A file in the Coder CLI's configuration directory.</summary>
    CliConfig,
}
