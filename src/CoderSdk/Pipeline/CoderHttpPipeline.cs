using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Http;

namespace CoderSdk.Pipeline;

/// <summary>
/// Builds the SDK's transport and handler chain. Outermost first: token and headers (with the one 401 refresh), the
/// resilience pipeline, per-attempt logging, redirects, then the transport. Dependency injection uses the same pieces.
/// </summary>
internal static class CoderHttpPipeline
{
    /// <summary>The transport every SDK-created client uses: no cookies, no automatic redirects, pooled connections recycled, TLS from options.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(CoderClientOptions options) =>
        CreatePrimaryHandler(options, CoderHttpLog.Create(options.LoggerFactory));

    /// <inheritdoc cref="CreatePrimaryHandler(CoderClientOptions)" />
    public static SocketsHttpHandler CreatePrimaryHandler(CoderClientOptions options, CoderHttpLog log)
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
        };

        if (options.Tls.IsConfigured)
        {
            var errors = new List<string>();
            var tls = CoderTls.Load(options.Tls, errors) ?? throw new CoderConfigurationException(errors);
            handler.SslOptions = tls.ToSslOptions();
            if (tls.AcceptAny)
            {
                log.DangerousCertificateValidation(CoderHttpText.OriginOf(options.BaseUrl!));
            }
        }

        return handler;
    }

    /// <summary>The SDK's handler: its steps, outermost first, in one <see cref="DelegatingHandler"/>.</summary>
    /// <param name="options">The settings the handlers are built with.</param>
    /// <param name="log">Where the steps log.</param>
    /// <param name="live">Reloadable settings, read per request for the token and headers (dependency injection's options monitor).</param>
    public static List<DelegatingHandler> CreateHandlers(CoderClientOptions options, CoderHttpLog log, Func<CoderClientOptions>? live = null)
    {
        if (options.BaseUrl is { Scheme: "http" } url && !url.IsLoopback)
        {
            log.PlainHttpToRemoteHost(CoderHttpText.OriginOf(url));
        }

        var steps = new List<CoderPipelineStep> { new CoderOperationStep(), new CoderCredentialStep(options, log, live) };
        if (options.Resilience.Enabled)
        {
            steps.Add(new CoderResilienceStep(options, log));
        }

        steps.Add(new CoderAttemptLogStep(options, log));
        steps.Add(new CoderRedirectStep(options, log));
        return [new CoderPipelineHandler(steps)];
    }

    /// <summary>Wraps <paramref name="inner"/> in the SDK's handlers.</summary>
    public static HttpMessageHandler Wrap(CoderClientOptions options, HttpMessageHandler inner)
    {
        var log = CoderHttpLog.Create(options.LoggerFactory);
        HttpMessageHandler current = inner;
        var handlers = CreateHandlers(options, log);
        for (var i = handlers.Count - 1; i >= 0; i--)
        {
            handlers[i].InnerHandler = current;
            current = handlers[i];
        }

        return current;
    }

    /// <summary>Wraps a caller-owned <see cref="HttpClient"/>; TLS settings cannot apply to a transport the SDK did not build.</summary>
    public static HttpMessageHandler WrapClient(CoderClientOptions options, HttpClient client)
    {
        if (options.Tls.IsConfigured)
        {
            throw new CoderConfigurationException(["CoderClientOptions.Tls applies only to the transport the SDK creates; configure TLS on the HttpClient you pass in, or let the SDK create the client."]);
        }

        return Wrap(options, new HttpClientForwardingHandler(client));
    }
}
