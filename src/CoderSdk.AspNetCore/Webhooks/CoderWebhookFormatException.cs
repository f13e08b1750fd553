using CoderSdk.Errors;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A webhook body that is not a coderd notification message.</summary>
public sealed class CoderWebhookFormatException : CoderException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong with the body (never the body itself).</param>
    /// <param name="innerException">The JSON reader's error, when there is one.</param>
    public CoderWebhookFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
