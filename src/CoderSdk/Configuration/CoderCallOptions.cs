using CoderSdk.Http;

namespace CoderSdk.Configuration;

/// <summary>
/// Settings for the calls made through one view of a client (<see cref="ICoderClient.WithCallOptions"/>): headers to
/// add, a time limit per call, and a callback that sees each call's final response. The view shares the client's
/// connection, token, retries and version knowledge, so making one per call costs a few small objects, not a client.
/// </summary>
/// <example>
/// <code>
/// int? remaining = null;
/// var owner = coder.WithCallOptions(new CoderCallOptions
/// {
///     Headers = { ["X-Coder-Bypass-Ratelimit"] = "true" },
///     Timeout = TimeSpan.FromSeconds(10),
///     ResponseReceived = response => remaining = int.TryParse(response.GetHeader("X-RateLimit-Remaining"), out var n) ? n : null,
/// });
/// var workspaces = await owner.Workspaces.ListAsync();
/// </code>
/// </example>
public sealed class CoderCallOptions
{
    /// <summary>
    /// Headers added to each request of the view, after the client's own extra headers (a name set in both is sent
    /// with this value). <c>Coder-Session-Token</c> is refused: credentials come from the client's settings.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The longest one call of the view may take, retries and their waits included, measured on the client's
    /// <see cref="CoderClientOptions.TimeProvider"/>. When it runs out the call fails with Polly's
    /// <c>TimeoutRejectedException</c>, as the client's own total timeout does. Null leaves the client's limits alone.
    /// </summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Called once per call of the view with its final response (after any retries), success or failure, before the
    /// SDK reads the body. Use it for headers a generated method's return value does not carry, such as
    /// <c>X-RateLimit-Remaining</c>. It runs on the calling flow; an exception it throws fails the call.
    /// </summary>
    public Action<CoderResponseInfo>? ResponseReceived { get; set; }

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One sentence per problem.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (Timeout is { } timeout && (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan))
        {
            errors.Add($"CoderCallOptions.Timeout must be positive (or Timeout.InfiniteTimeSpan); {timeout} is not.");
        }

        CoderHttpText.AddHeaderErrors(Headers, "CoderCallOptions.Headers", "the client's settings supply the credentials", errors);

        return errors;
    }

    /// <summary>A copy, so a view keeps the settings it was made with.</summary>
    internal CoderCallOptions Clone()
    {
        var copy = new CoderCallOptions { Timeout = Timeout, ResponseReceived = ResponseReceived };
        foreach (var (name, value) in Headers)
        {
            copy.Headers[name] = value;
        }

        return copy;
    }

    /// <summary>Names the settings; header values are not printed (they may be secrets).</summary>
    /// <returns>A safe description.</returns>
    public override string ToString() =>
        $"CoderCallOptions {{ Headers = [{string.Join(", ", Headers.Keys)}], Timeout = {Timeout?.ToString() ?? "(client's)"} }}";
}
