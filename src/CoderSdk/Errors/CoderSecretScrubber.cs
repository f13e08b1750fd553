using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using CoderSdk.Http;

namespace CoderSdk.Errors;

/// <summary>
/// Masks the client's secrets in text that came from a server before the SDK keeps it: error messages and bodies,
/// stream error events and close reasons, logged bodies and headers. A server (or a proxy) that echoes the session
/// token or a proxy credential back in an error would otherwise put it into exception messages and logs.
/// </summary>
/// <remarks>
/// The auth handler feeds it every token it sends and the values of the extra headers and of the header command's
/// headers; it is noted on each request (<c>CoderCallState.Secrets</c>), so code that reads an error response finds it
/// there. Values shorter than <see cref="MinimumLength"/> characters are not treated as secrets: masking them would
/// mangle ordinary words and numbers. Each secret is also masked in its JSON-escaped and URL-escaped forms.
/// </remarks>
internal sealed class CoderSecretScrubber
{
    /// <summary>Values shorter than this are not masked.</summary>
    public const int MinimumLength = 6;

    /// <summary>How many distinct secrets are remembered (a rotating token provider adds one per token); the oldest go first.</summary>
    public const int Capacity = 64;

    private readonly object _sync = new();
    private readonly List<string> _added = [];

    // Every form to mask, longest first so that a secret containing another is masked whole. Copy-on-write.
    private string[] _forms = [];

    /// <summary>Remembers a secret (ignored when null or shorter than <see cref="MinimumLength"/>).</summary>
    /// <param name="secret">A token or header value.</param>
    public void Add(string? secret)
    {
        if (secret is null || secret.Trim().Length < MinimumLength)
        {
            return;
        }

        secret = secret.Trim();
        if (Array.IndexOf(Volatile.Read(ref _forms), secret) >= 0)
        {
            return;
        }

        lock (_sync)
        {
            if (_added.Contains(secret, StringComparer.Ordinal))
            {
                return;
            }

            _added.Add(secret);
            // "Bearer abc..." / "Basic abc...": a server may echo the credential without its scheme.
            var space = secret.IndexOf(' ', StringComparison.Ordinal);
            if (space > 0 && secret.Length - space - 1 >= MinimumLength)
            {
                _added.Add(secret[(space + 1)..].Trim());
            }

            while (_added.Count > Capacity)
            {
                _added.RemoveAt(0);
            }

            var forms = new HashSet<string>(StringComparer.Ordinal);
            foreach (var value in _added)
            {
                forms.Add(value);
                forms.Add(JsonEncodedText.Encode(value).ToString());
                forms.Add(Uri.EscapeDataString(value));
            }

            Volatile.Write(ref _forms, [.. forms.OrderByDescending(f => f.Length)]);
        }
    }

    /// <summary>The text with every remembered secret replaced by <c>****</c>.</summary>
    /// <param name="text">Text that came from a server.</param>
    /// <returns>The masked text (the same instance when nothing matched).</returns>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var form in Volatile.Read(ref _forms))
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                text = text.Replace(form, CoderHttpText.Redacted, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// A parser's exception with the secrets masked in its message: System.Text.Json quotes the offending text when it
    /// meets an invalid literal (<c>'abc...' is an invalid JSON literal</c>), so a frame or body that echoes a token can
    /// put it into the message of the exception the SDK keeps as <see cref="Exception.InnerException"/>. A masked copy
    /// keeps the position (path, line, byte) but not the original's stack. Other exceptions are returned as they are.
    /// </summary>
    /// <param name="exception">The exception to keep.</param>
    /// <returns><paramref name="exception"/>, or a masked copy of it.</returns>
    [return: NotNullIfNotNull(nameof(exception))]
    public Exception? Scrub(Exception? exception) =>
        exception is JsonException json && Scrub(json.Message) is var message && !ReferenceEquals(message, json.Message)
            ? new JsonException(message, json.Path, json.LineNumber, json.BytePositionInLine)
            : exception;

    /// <summary>The error's server-supplied texts (message, detail, validations, body) masked.</summary>
    /// <param name="info">What the SDK captured.</param>
    /// <returns>A masked copy, or <paramref name="info"/> itself when nothing matched.</returns>
    public CoderErrorInfo Scrub(CoderErrorInfo info)
    {
        var message = Scrub(info.CoderMessage);
        var detail = Scrub(info.Detail);
        var body = Scrub(info.ResponseBody);
        var validations = info.Validations;
        if (validations.Any(v => !ReferenceEquals(Scrub(v.Field), v.Field) || !ReferenceEquals(Scrub(v.Detail), v.Detail)))
        {
            validations = [.. validations.Select(v => new CoderValidationError(Scrub(v.Field), Scrub(v.Detail)))];
        }

        if (ReferenceEquals(message, info.CoderMessage) && ReferenceEquals(detail, info.Detail) &&
            ReferenceEquals(body, info.ResponseBody) && ReferenceEquals(validations, info.Validations))
        {
            return info;
        }

        return info with { CoderMessage = message, Detail = detail, Validations = validations, ResponseBody = body };
    }
}
