namespace CoderSdk.Auth;

/// <summary>
/// The Coder CLI's configuration directory, where <c>coder login</c> writes the deployment URL (file <c>url</c>) and the
/// session token (file <c>session</c>).
/// </summary>
public static class CoderCliConfig
{
    /// <summary>The variable that overrides the directory, as for the CLI's <c>--global-config</c>.</summary>
    public const string DirectoryVariable = "CODER_CONFIG_DIR";

    /// <summary>The file holding the deployment URL.</summary>
    public const string UrlFileName = "url";

    /// <summary>The file holding the session token.</summary>
    public const string SessionFileName = "session";

    /// <summary>
    /// The directory the CLI uses: <c>CODER_CONFIG_DIR</c> when set; otherwise <c>coderv2</c> inside the platform's user
    /// configuration folder: <c>%APPDATA%</c> on Windows, <c>~/Library/Application Support</c> on macOS, and
    /// <c>$XDG_CONFIG_HOME</c> (else <c>~/.config</c>) elsewhere.
    /// </summary>
    /// <param name="getEnvironmentVariable">Reads a variable; the process environment when null.</param>
    /// <returns>The directory path (it may not exist).</returns>
    public static string ResolveDirectory(Func<string, string?>? getEnvironmentVariable = null) =>
        ResolveDirectory(getEnvironmentVariable ?? Environment.GetEnvironmentVariable,
            OperatingSystem.IsWindows() ? CliPlatform.Windows : OperatingSystem.IsMacOS() ? CliPlatform.MacOS : CliPlatform.Unix);

    internal static string ResolveDirectory(Func<string, string?> env, CliPlatform platform)
    {
        if (NonEmpty(env(DirectoryVariable)) is { } overridden)
        {
            return overridden;
        }

        const string AppName = "coderv2";
        switch (platform)
        {
            case CliPlatform.Windows:
                return Path.Combine(NonEmpty(env("APPDATA")) ?? Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), AppName);
            case CliPlatform.MacOS:
                return Path.Combine(Home(env), "Library", "Application Support", AppName);
            default:
                return Path.Combine(NonEmpty(env("XDG_CONFIG_HOME")) ?? Path.Combine(Home(env), ".config"), AppName);
        }
    }

    /// <summary>Reads a file of the directory, trimmed; null when it is missing or empty.</summary>
    internal static string? ReadFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        try
        {
            return NonEmpty(File.ReadAllText(path).Trim());
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string Home(Func<string, string?> env) =>
        NonEmpty(env("HOME")) ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal enum CliPlatform
{
    Unix,
    MacOS,
    Windows,
}
