namespace CoderSdk.Http;

/// <summary>Builds the SDK's handler chain for clients created without dependency injection.</summary>
internal static class CoderHttpPipeline
{
    /// <summary>The transport every SDK-created client uses: no cookies, no automatic redirects, pooled connections recycled.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(CoderClientOptions options) => new()
    {
        UseCookies = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        ConnectTimeout = TimeSpan.FromSeconds(15),
        AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate,
    };

    /// <summary>Wraps <paramref name="inner"/> in the SDK's handlers, outermost first.</summary>
    public static HttpMessageHandler Wrap(CoderClientOptions options, HttpMessageHandler inner)
    {
        return new CoderAuthHandler(options) { InnerHandler = inner };
    }
}
