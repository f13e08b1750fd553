
namespace CoderSdk.DependencyInjection;

/// <summary>Creates the <see cref="ICoderClient"/> registered under a name.</summary>
public interface ICoderClientFactory
{
    /// <summary>Returns the client for the deployment registered under <paramref name="name"/> (empty for the default one).</summary>
    /// <param name="name">The name given to <c>AddCoderClient</c>.</param>
    /// <returns>The client; one instance per name.</returns>
    /// <exception cref="InvalidOperationException">No deployment was registered under that name.</exception>
    ICoderClient CreateClient(string name);
}
