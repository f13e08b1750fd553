using System.Text;
using CoderSdk.Auth;

namespace CoderSdk.Configuration;

/// <summary>Builds options from the environment the way the Coder CLI does.</summary>
internal static class CoderEnvironment
{
    public const string UrlVariable = "CODER_URL";
    public const string TokenVariable = "CODER_SESSION_TOKEN";
    public const string HeaderVariable = "CODER_HEADER";
    public const string HeaderCommandVariable = "CODER_HEADER_COMMAND";

    public static CoderClientOptions Read(Func<string, string?> env)
    {
        var options = new CoderClientOptions();
        var directory = CoderCliConfig.ResolveDirectory(env, CurrentPlatform());

        var urlOrigin = CoderCredentialOrigin.None;
        var url = NonEmpty(env(UrlVariable));
        if (url is not null)
        {
            urlOrigin = CoderCredentialOrigin.Environment;
        }
        else if (CoderCliConfig.ReadFile(directory, CoderCliConfig.UrlFileName) is { } fromFile)
        {
            url = fromFile;
            urlOrigin = CoderCredentialOrigin.CliConfig;
        }

        if (url is not null)
        {
            if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed))
            {
                options.BaseUrl = parsed;
            }
            else
            {
                options.AddConfigurationError($"The deployment URL from {(urlOrigin == CoderCredentialOrigin.Environment ? UrlVariable : Path.Combine(directory, CoderCliConfig.UrlFileName))} is not an absolute URL.");
            }
        }

        var tokenOrigin = CoderCredentialOrigin.None;
        if (NonEmpty(env(TokenVariable)) is { } token)
        {
            options.SessionToken = token.Trim();
            tokenOrigin = CoderCredentialOrigin.Environment;
        }
        else if (File.Exists(Path.Combine(directory, CoderCliConfig.SessionFileName)))
        {
            options.TokenProvider = new CoderCliConfigTokenProvider(directory);
            tokenOrigin = CoderCredentialOrigin.CliConfig;
        }

        if (NonEmpty(env(HeaderVariable)) is { } headers)
        {
            ApplyHeaderVariable(options, headers);
        }

        options.HeaderCommand = NonEmpty(env(HeaderCommandVariable));
        options.SetCredentialSource(new CoderCredentialSource(urlOrigin, tokenOrigin, directory));
        return options;
    }

    /// <summary>Adds the entries of <c>CODER_HEADER</c>: comma-separated <c>key=value</c> pairs, CSV-quoted like the CLI reads them.</summary>
    internal static void ApplyHeaderVariable(CoderClientOptions options, string value)
    {
        var index = 0;
        foreach (var entry in SplitCsv(value))
        {
            index++;
            if (entry.Length == 0)
            {
                continue;
            }

            var equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                // Never echo the entry: its value may be a credential.
                options.AddConfigurationError($"CODER_HEADER entry {index} is not key=value.");
                continue;
            }

            options.Headers[entry[..equals]] = entry[(equals + 1)..];
        }
    }

    /// <summary>
    /// Splits one CSV record the way Go's <c>encoding/csv</c> reads the CLI's string arrays: commas separate fields, a
    /// field that starts with a double quote runs to the closing quote, and <c>""</c> inside it is one quote. A line break
    /// outside quotes also separates fields.
    /// </summary>
    internal static List<string> SplitCsv(string value)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i <= value.Length)
        {
            if (i < value.Length && value[i] == '"' && field.Length == 0)
            {
                i++;
                while (i < value.Length)
                {
                    if (value[i] == '"')
                    {
                        if (i + 1 < value.Length && value[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(value[i++]);
                }

                continue;
            }

            if (i == value.Length || value[i] is ',' or '\n' or '\r')
            {
                fields.Add(field.ToString());
                field.Clear();
                i++;
                continue;
            }

            field.Append(value[i++]);
        }

        return fields;
    }

    private static CliPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? CliPlatform.Windows : OperatingSystem.IsMacOS() ? CliPlatform.MacOS : CliPlatform.Unix;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
