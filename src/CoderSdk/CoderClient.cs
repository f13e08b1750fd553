using CoderSdk.Apis;
using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Streaming;
using CoderSdk.Versions;

namespace CoderSdk;

/// <summary>
/// The Coder API client. It is safe to share across threads; create one per deployment and keep it.
/// </summary>
/// <example>
/// <code>
/// using var coder = new CoderClient(new Uri("https://coder.example.com"), token);
/// var me = await coder.Users.GetAsync("me");
/// </code>
/// </example>
public sealed partial class CoderClient : ICoderClient, IDisposable
{
    /// <summary>Creates a client for a deployment with a fixed session token.</summary>
    /// <param name="baseUrl">The deployment root, e.g. <c>https://coder.example.com</c>.</param>
    /// <param name="sessionToken">A session token or API key.</param>
    /// <exception cref="CoderConfigurationException">The URL or token is unusable.</exception>
    public CoderClient(Uri baseUrl, string sessionToken)
        : this(new CoderClientOptions { BaseUrl = baseUrl, SessionToken = sessionToken })
    {
    }

    /// <summary>Creates a client with its own HTTP stack configured from <paramref name="options"/>.</summary>
    /// <param name="options">The settings; they are copied, so later changes do not affect this client.</param>
    /// <exception cref="CoderConfigurationException">The settings are unusable.</exception>
    public CoderClient(CoderClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        options.Validate();
        Options = options;
        var handler = CoderHttpPipeline.Wrap(options, CoderHttpPipeline.CreatePrimaryHandler(options));
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        Connection = new CoderConnection(client, options.BaseUrl!, ownsClient: true) { Settings = options };
    }

    /// <summary>
    /// Creates a client that sends through an <see cref="HttpClient"/> you own. The SDK still adds the session token,
    /// user agent and extra headers itself; the client's base address and default headers are not used for those.
    /// </summary>
    /// <param name="httpClient">The client to send through; it is not disposed with this client. Turn off its automatic redirects so the token cannot follow one to another host.</param>
    /// <param name="options">The settings; they are copied.</param>
    /// <exception cref="CoderConfigurationException">The settings are unusable.</exception>
    public CoderClient(HttpClient httpClient, CoderClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options = options.Clone();
        options.Validate();
        Options = options;
        var handler = CoderHttpPipeline.WrapClient(options, httpClient);
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        Connection = new CoderConnection(client, options.BaseUrl!, ownsClient: true) { Settings = options };
    }

    /// <summary>Used by dependency injection: <paramref name="pipelineClient"/> already contains the SDK's handlers.</summary>
    internal CoderClient(HttpClient pipelineClient, CoderClientOptions options, bool ownsClient, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null)
    {
        options.Validate();
        Options = options;
        Connection = new CoderConnection(pipelineClient, options.BaseUrl!, ownsClient) { Settings = options, LoggerFactory = loggerFactory };
    }

    /// <summary>A view of <paramref name="parent"/> whose calls carry per-call options.</summary>
    private CoderClient(CoderClient parent, CoderCallOptions call)
    {
        Options = parent.Options;
        Connection = parent.Connection.With(call);
    }

    /// <inheritdoc />
    public Uri BaseUrl => Connection.BaseUrl;

    /// <inheritdoc />
    public ICoderClient WithCallOptions(CoderCallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.GetValidationErrors();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        return new CoderClient(this, options.Clone());
    }

    /// <inheritdoc />
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken = default) =>
        Connection.SendRawAsync(request, cancellationToken);

    /// <inheritdoc />
    public ICoderStreams Streams => _streams ??= new CoderStreamsClient(Connection);

    private ICoderStreams? _streams;

    internal CoderClientOptions Options { get; }

    internal CoderConnection Connection { get; }

    /// <inheritdoc />
    public async ValueTask<CoderServerVersion?> GetServerVersionAsync(CancellationToken cancellationToken = default) =>
        (await Connection.Versions.GetAsync(cancellationToken).ConfigureAwait(false)).Version;

    /// <inheritdoc />
    public ValueTask<CoderOperationSupport> CheckSupportAsync(CoderApiOperation operation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Connection.Versions.CheckAsync(operation, cancellationToken);
    }

    /// <summary>Releases the HTTP stack this client created (a caller-supplied <see cref="HttpClient"/> is left alone).</summary>
    public void Dispose() => Connection.Dispose();

    /// <summary>Names the deployment; never includes the token.</summary>
    /// <returns><c>CoderClient(https://coder.example.com/)</c>.</returns>
    public override string ToString() => $"CoderClient({BaseUrl})";
}
