namespace CoderSdk.AspNetCore.Hosting;

/// <summary>How <c>AddCoderProblemDetails</c> describes the SDK's exceptions.</summary>
public sealed class CoderProblemDetailsOptions
{
    /// <summary>
    /// Whether coderd's <c>detail</c> field goes into the answer (as the <c>coderDetail</c> extension). Off by
    /// default: coderd puts internal error text there, which is for the app's logs, not its callers.
    /// </summary>
    public bool IncludeCoderDetail { get; set; }
}
