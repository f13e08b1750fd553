using CoderSdk.Configuration;

namespace CoderSdk.Auth;

/// <summary>Says where <see cref="CoderClientOptions.FromEnvironment"/> found the deployment URL and the session token.</summary>
/// <param name="Url">Where the URL came from.</param>
/// <param name="Token">Where the token came from.</param>
/// <param name="ConfigDirectory">The Coder CLI configuration directory that was consulted.</param>
public sealed record CoderCredentialSource(CoderCredentialOrigin Url, CoderCredentialOrigin Token, string ConfigDirectory)
{
    /// <summary>Describes the sources, e.g. <c>URL from CODER_URL, token from /home/me/.config/coderv2/session</c>.</summary>
    /// <returns>The description (never a secret).</returns>
    public override string ToString() =>
        $"URL from {Describe(Url, "CODER_URL", CoderCliConfig.UrlFileName)}, token from {Describe(Token, "CODER_SESSION_TOKEN", CoderCliConfig.SessionFileName)}";

    internal string DescribeSearch() =>
        $"FromEnvironment looked in CODER_URL and CODER_SESSION_TOKEN, then in the Coder CLI config directory '{ConfigDirectory}' (files 'url' and 'session'); run 'coder login' or set the variables.";

    private string Describe(CoderCredentialOrigin origin, string variable, string file) => origin switch
    {
        CoderCredentialOrigin.Environment => variable,
        CoderCredentialOrigin.CliConfig => Path.Combine(ConfigDirectory, file),
        _ => "nowhere",
    };
}
