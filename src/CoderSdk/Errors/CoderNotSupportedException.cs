using CoderSdk.Versions;

namespace CoderSdk.Errors;

/// <summary>
/// coderd answered 404 because the connected deployment's release does not have the operation: it predates the
/// release that introduced it, or is newer than the last release known to have it. It is a
/// <see cref="CoderNotFoundException"/>, so existing <c>catch (CoderNotFoundException)</c> blocks still see it.
/// </summary>
/// <remarks>
/// The SDK raises it only when it knows the server's version (see <see cref="ICoderClient.GetServerVersionAsync"/>)
/// and coderd's answer does not say the route exists. The message names the operation, its route template and both
/// versions, never the query string or a token:
/// <c>Workspaces.GetTimingsAsync (GET /api/v2/workspaces/{workspace}/timings) is not available on this deployment: it was introduced in coderd v2.29.0 and the server runs v2.24.0 (404 Not Found: Route not found.)</c>.
/// Check up front with <see cref="ICoderClient.CheckSupportAsync"/> to avoid the call.
/// </remarks>
public sealed class CoderNotSupportedException : CoderNotFoundException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="info">What was sent and what came back (the 404).</param>
    /// <param name="operation">The operation the server's release lacks.</param>
    /// <param name="serverVersion">The server's version.</param>
    /// <param name="innerException">The underlying failure, when there is one.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public CoderNotSupportedException(CoderErrorInfo info, CoderApiOperation operation, CoderServerVersion serverVersion, Exception? innerException = null)
        : base(info, ToMessage(info, operation, serverVersion), innerException)
    {
        Operation = operation;
        ServerVersion = serverVersion;
    }

    /// <summary>The operation that was called.</summary>
    public CoderApiOperation Operation { get; }

    /// <summary>Area and method, e.g. <c>Workspaces.GetTimingsAsync</c>.</summary>
    public string OperationName => Operation.Name;

    /// <summary>The first release known to have the operation, when the server is older than that.</summary>
    public CoderServerVersion? IntroducedIn => Operation.IntroducedIn;

    /// <summary>The last release known to have the operation, when newer releases dropped it.</summary>
    public CoderServerVersion? RemovedAfter => Operation.RemovedAfter;

    /// <summary>The version the server reported.</summary>
    public CoderServerVersion ServerVersion { get; }

    private static string ToMessage(CoderErrorInfo info, CoderApiOperation operation, CoderServerVersion serverVersion)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(serverVersion);
        var why = operation.IntroducedIn is { } since && serverVersion < since
            ? $"it was introduced in coderd {since} and the server runs {serverVersion}"
            : operation.RemovedAfter is { } until
                ? $"coderd {until} is the last release known to have it and the server runs {serverVersion}"
                : $"the server runs {serverVersion}";
        return $"{operation} is not available on this deployment: {why} ({(int)info.StatusCode} Not Found: {info.CoderMessage})";
    }
}
