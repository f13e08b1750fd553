namespace CoderSdk.Errors;

/// <summary>
/// The operation's success status arrived, but its body could not be read as the documented JSON: it was empty,
/// HTML, cut short, or malformed. <see cref="JsonPath"/>, <see cref="LineNumber"/> and <see cref="BytePosition"/>
/// say where parsing stopped.
/// </summary>
public sealed class CoderInvalidResponseException : CoderApiException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back.</param>
    /// <param name="jsonPath">Where in the document parsing stopped (e.g. <c>$.workspaces[3].name</c>), if known.</param>
    /// <param name="lineNumber">Zero-based line where parsing stopped, if known.</param>
    /// <param name="bytePosition">Zero-based byte offset within that line, if known.</param>
    /// <param name="innerException">The parser's or the transport's exception.</param>
    public CoderInvalidResponseException(CoderErrorInfo info, string? jsonPath, long? lineNumber, long? bytePosition, Exception? innerException)
        : base(info, innerException)
    {
        JsonPath = jsonPath;
        LineNumber = lineNumber;
        BytePosition = bytePosition;
    }

    /// <summary>The JSON path where parsing stopped, when the body was JSON.</summary>
    public string? JsonPath { get; }

    /// <summary>The zero-based line where parsing stopped.</summary>
    public long? LineNumber { get; }

    /// <summary>The zero-based byte offset within <see cref="LineNumber"/> where parsing stopped.</summary>
    public long? BytePosition { get; }
}
