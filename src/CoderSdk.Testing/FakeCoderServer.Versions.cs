using CoderSdk.Versions;
using Microsoft.AspNetCore.Builder;

namespace CoderSdk.Testing;

// The claimed coderd version: its header on every response and, when asked, the routes the claimed release lacks.
public sealed partial class FakeCoderServer
{
    /// <summary>The header coderd puts its version in on every response.</summary>
    internal const string VersionHeader = "X-Coder-Build-Version";

    /// <summary>The version the server claims (<see cref="FakeCoderServerOptions.Version"/> as it was at start).</summary>
    internal string ClaimedVersion { get; }

    private static FakeReleaseRoutes? ReleaseRoutes(FakeCoderServerOptions options)
    {
        if (!options.RestrictToVersion)
        {
            return null;
        }

        if (!CoderServerVersion.TryParse(options.Version, out var version))
        {
            throw new ArgumentException(
                $"FakeCoderServerOptions.RestrictToVersion needs a Version that is a release number such as v2.24.0, not '{options.Version}'.", nameof(options));
        }

        return FakeReleaseRoutes.Create(version, options.OperationMap);
    }

    private void UseVersion(WebApplication app, FakeCoderServerOptions options, FakeReleaseRoutes? routes)
    {
        var version = ClaimedVersion;
        var header = options.SendsVersionHeader;
        app.Use(async (context, next) =>
        {
            if (header)
            {
                context.Response.Headers[VersionHeader] = version;
            }

            if (routes is not null && routes.Hides(context.Request.Method, context.Request.Path.Value ?? string.Empty))
            {
                await Json(context, 404, FakeCoderJson.Error("Route not found.")).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
    }
}

/// <summary>The SDK's operations by route, with whether a given release has each (see <see cref="FakeRouteTable{T}"/>).</summary>
internal sealed class FakeReleaseRoutes
{
    private readonly FakeRouteTable<bool> _routes;

    private FakeReleaseRoutes(FakeRouteTable<bool> routes) => _routes = routes;

    /// <summary>The routes for <paramref name="version"/>, or null when that release has every operation (nothing to hide).</summary>
    public static FakeReleaseRoutes? Create(CoderServerVersion version, Func<CoderApiOperation, CoderApiOperation>? map)
    {
        var operations = CoderApiOperation.All.Select(o => map?.Invoke(o) ?? o).ToArray();
        if (operations.All(o => o.IsAvailableIn(version)))
        {
            return null;
        }

        return new FakeReleaseRoutes(new FakeRouteTable<bool>(operations.Select(o => (o, o.IsAvailableIn(version)))));
    }

    /// <summary>True when the best-matching operation of the request is one the release lacks.</summary>
    public bool Hides(string method, string path) => _routes.Find(method, path) is (_, false);
}

/// <summary>
/// The SDK's operations by route, each with a value: a request is judged by the operation whose route matches its
/// path best (a literal segment beats a <c>{placeholder}</c>, leftmost first, as coderd's router does).
/// </summary>
/// <typeparam name="T">What the table keeps per operation.</typeparam>
internal sealed class FakeRouteTable<T>
{
    private readonly Route[] _routes;

    public FakeRouteTable(IEnumerable<(CoderApiOperation Operation, T Value)> operations) =>
        _routes = [.. operations.Select(o => new Route(o.Operation, Split(o.Operation.Route), o.Value))];

    /// <summary>The operation the request calls and its value, or null when no operation's route matches.</summary>
    public (CoderApiOperation Operation, T Value)? Find(string method, string path)
    {
        var segments = Split(path);
        Route? best = null;
        foreach (var route in _routes)
        {
            if (route.Segments.Length == segments.Length && string.Equals(route.Operation.HttpMethod, method, StringComparison.OrdinalIgnoreCase) &&
                route.Matches(segments) && (best is null || route.IsMoreSpecificThan(best)))
            {
                best = route;
            }
        }

        return best is null ? null : (best.Operation, best.Value);
    }

    private static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private sealed record Route(CoderApiOperation Operation, string[] Segments, T Value)
    {
        public bool Matches(string[] path)
        {
            for (var i = 0; i < Segments.Length; i++)
            {
                if (!IsPlaceholder(Segments[i]) && !string.Equals(Segments[i], path[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>At the first segment where the two differ in kind, this one is literal.</summary>
        public bool IsMoreSpecificThan(Route other)
        {
            for (var i = 0; i < Segments.Length; i++)
            {
                var mine = IsPlaceholder(Segments[i]);
                if (mine != IsPlaceholder(other.Segments[i]))
                {
                    return !mine;
                }
            }

            return false;
        }

        private static bool IsPlaceholder(string segment) => segment.Contains('{', StringComparison.Ordinal);
    }
}
