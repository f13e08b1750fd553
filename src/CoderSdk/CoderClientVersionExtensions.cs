using CoderSdk.Apis;
using CoderSdk.Versions;

namespace CoderSdk;

/// <summary>Asks whether the connected deployment has an area method's operation, by the method's name.</summary>
/// <example>
/// <code>
/// if (await coder.SupportsAsync&lt;IWorkspacesApi&gt;(nameof(IWorkspacesApi.GetTimingsAsync)))
/// {
///     var timings = await coder.Workspaces.GetTimingsAsync(id);
/// }
/// </code>
/// </example>
public static class CoderClientVersionExtensions
{
    /// <summary>The verdict for an area method: supported, not supported or unknown, with the reason.</summary>
    /// <typeparam name="TApi">The area interface, e.g. <see cref="IWorkspacesApi"/>.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="methodName">The method, best given with <c>nameof(IWorkspacesApi.GetTimingsAsync)</c>.</param>
    /// <param name="cancellationToken">Cancels the version lookup.</param>
    /// <returns>The verdict; see <see cref="ICoderClient.CheckSupportAsync"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="methodName"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TApi"/> has no such method.</exception>
    public static ValueTask<CoderOperationSupport> CheckSupportAsync<TApi>(this ICoderClient client, string methodName, CancellationToken cancellationToken = default)
        where TApi : class
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.CheckSupportAsync(CoderApiOperation.Get<TApi>(methodName), cancellationToken);
    }

    /// <summary>
    /// True unless the SDK knows the deployment's release lacks the method's operation, or that the deployment has a
    /// license feature or experiment the operation needs turned off. When the server's version is unknown or not a
    /// release number, or the switches cannot be read, this answers true (coderd decides); use
    /// <see cref="CheckSupportAsync{TApi}"/> to tell that case apart.
    /// </summary>
    /// <typeparam name="TApi">The area interface, e.g. <see cref="IWorkspacesApi"/>.</typeparam>
    /// <param name="client">The client.</param>
    /// <param name="methodName">The method, best given with <c>nameof(IWorkspacesApi.GetTimingsAsync)</c>.</param>
    /// <param name="cancellationToken">Cancels the version lookup.</param>
    /// <returns>Whether calling the method can work on this deployment.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="methodName"/> is null.</exception>
    /// <exception cref="ArgumentException"><typeparamref name="TApi"/> has no such method.</exception>
    public static async ValueTask<bool> SupportsAsync<TApi>(this ICoderClient client, string methodName, CancellationToken cancellationToken = default)
        where TApi : class =>
        (await client.CheckSupportAsync<TApi>(methodName, cancellationToken).ConfigureAwait(false)).IsSupported;
}
