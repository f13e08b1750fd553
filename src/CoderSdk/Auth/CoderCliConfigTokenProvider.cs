namespace CoderSdk.Auth;

/// <summary>
/// Reads the session token from the Coder CLI's <c>session</c> file. When coderd answers 401 it reads the file again,
/// so a <c>coder login</c> made while the application runs is picked up without a restart.
/// </summary>
public sealed class CoderCliConfigTokenProvider : ICoderTokenProvider
{
    private volatile CoderSessionToken? _current;

    /// <summary>Creates a provider for a configuration directory.</summary>
    /// <param name="configDirectory">The directory, e.g. from <see cref="CoderCliConfig.ResolveDirectory(Func{string, string?}?)"/>.</param>
    public CoderCliConfigTokenProvider(string configDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configDirectory);
        ConfigDirectory = configDirectory;
    }

    /// <summary>The configuration directory.</summary>
    public string ConfigDirectory { get; }

    /// <inheritdoc />
    public ValueTask<CoderSessionToken?> GetTokenAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_current ??= Read());

    /// <inheritdoc />
    public ValueTask<CoderSessionToken?> RefreshAsync(CoderSessionToken? rejected, CancellationToken cancellationToken)
    {
        var fresh = Read();
        if (fresh is null || fresh.Equals(rejected))
        {
            return ValueTask.FromResult<CoderSessionToken?>(null);
        }

        _current = fresh;
        return ValueTask.FromResult<CoderSessionToken?>(fresh);
    }

    /// <summary>Names the file, never the token.</summary>
    /// <returns><c>CoderCliConfigTokenProvider(&lt;directory&gt;/session)</c>.</returns>
    public override string ToString() => $"CoderCliConfigTokenProvider({Path.Combine(ConfigDirectory, CoderCliConfig.SessionFileName)})";

    private CoderSessionToken? Read()
    {
        var text = CoderCliConfig.ReadFile(ConfigDirectory, CoderCliConfig.SessionFileName);
        if (text is null)
        {
            return null;
        }

        try
        {
            return new CoderSessionToken(text);
        }
        catch (ArgumentException)
        {
            // A file with control characters inside the token cannot be sent as a header; treat it as no token.
            return null;
        }
    }
}
