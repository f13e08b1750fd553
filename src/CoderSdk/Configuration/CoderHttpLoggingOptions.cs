namespace CoderSdk.Configuration;

/// <summary>
/// What the SDK's own HTTP logging writes. Requests are always logged without secrets: header values of
/// <c>Coder-Session-Token</c>, <c>Authorization</c>, <c>Cookie</c> and <c>Set-Cookie</c> and the query values of
/// <c>coder_session_token</c> and <c>access_token</c> print as <c>****</c>. Configuration section: <c>HttpLogging</c>
/// (for example <c>Coder:HttpLogging:LogBodies</c>).
/// </summary>
public sealed class CoderHttpLoggingOptions
{
    /// <summary>Logs request and response headers (secret ones redacted) at Trace level. Default: off.</summary>
    public bool LogHeaders { get; set; }

    /// <summary>
    /// Logs JSON request and response bodies at Trace level, with secret fields (tokens, keys, passwords) redacted and
    /// each body cut to <see cref="MaxBodyLength"/> characters. Bodies of other types and streams are never logged.
    /// Default: off.
    /// </summary>
    public bool LogBodies { get; set; }

    /// <summary>The most characters of one body that are logged. Default: 4096.</summary>
    public int MaxBodyLength { get; set; } = 4096;

    /// <summary>The section's settings, one row each (see <see cref="CoderSetting"/>).</summary>
    internal static readonly CoderSetting[] Settings = CreateSettings(new CoderSettingSection<CoderHttpLoggingOptions>("HttpLogging", static o => o.HttpLogging));

    private static CoderSetting[] CreateSettings(CoderSettingSection<CoderHttpLoggingOptions> s) =>
    [
        s.Row(nameof(LogHeaders), CoderSettingTypes.Bool, l => l.LogHeaders, (l, v) => l.LogHeaders = v,
            doc: "logs request and response headers (secret ones redacted) at Trace level"),
        s.Row(nameof(LogBodies), CoderSettingTypes.Bool, l => l.LogBodies, (l, v) => l.LogBodies = v,
            doc: "logs JSON bodies (secret fields redacted) at Trace level"),
        s.Row(nameof(MaxBodyLength), CoderSettingTypes.Int, l => l.MaxBodyLength, (l, v) => l.MaxBodyLength = v,
            check: v => v < 0 ? $"HttpLogging.MaxBodyLength is {v}; it must not be negative." : null,
            doc: "the most characters of one body that are logged"),
    ];
}
