using CoderSdk.Errors;
using CoderSdk.Versions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CoderSdk.AspNetCore.Hosting;

/// <summary>
/// Checks a Coder deployment through an <see cref="ICoderClient"/>: coderd answers <c>/api/v2/buildinfo</c>
/// (reachable), accepts the client's session token (<c>/api/v2/users/me</c>), and runs a release this SDK supports.
/// </summary>
/// <remarks>
/// Unreachable, or a token coderd refuses, gives the registration's failure status (Unhealthy by default); a release
/// older than <see cref="CoderServerVersion.OldestSupported"/> gives Degraded. The messages name the deployment and
/// the status coderd answered, never the token. A timeout is the health-check framework's: set it on the registration.
/// </remarks>
public sealed class CoderHealthCheck : IHealthCheck
{
    private readonly ICoderClient _client;

    /// <summary>Creates the check over a client.</summary>
    /// <param name="client">The client of the deployment to check.</param>
    public CoderHealthCheck(ICoderClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object> { ["url"] = _client.BaseUrl.ToString() };
        string version;
        try
        {
            version = (await _client.General.GetBuildInfoAsync(cancellationToken).ConfigureAwait(false)).Version;
        }
        catch (HttpRequestException e)
        {
            return new HealthCheckResult(failure, $"coderd at {_client.BaseUrl} could not be reached.", e, data);
        }
        catch (CoderApiException e)
        {
            data["status"] = (int)e.StatusCode;
            return new HealthCheckResult(failure, $"coderd at {_client.BaseUrl} answered its build information with {(int)e.StatusCode}.", e, data);
        }

        data["version"] = version;
        try
        {
            var me = await _client.Users.GetAsync("me", cancellationToken).ConfigureAwait(false);
            data["user"] = me.Username;
        }
        catch (CoderUnauthorizedException)
        {
            data["status"] = 401;
            return new HealthCheckResult(failure, $"coderd at {_client.BaseUrl} refused the session token (401 Unauthorized): it is missing, expired or revoked.", data: data);
        }
        catch (CoderApiException e)
        {
            data["status"] = (int)e.StatusCode;
            return new HealthCheckResult(failure, $"coderd at {_client.BaseUrl} answered the current user with {(int)e.StatusCode}.", e, data);
        }

        if (CoderServerVersion.TryParse(version, out var parsed) && parsed < CoderServerVersion.OldestSupported)
        {
            data["oldest_supported"] = CoderServerVersion.OldestSupported.Text;
            return HealthCheckResult.Degraded(
                $"coderd at {_client.BaseUrl} runs {parsed.Text}, older than {CoderServerVersion.OldestSupported.Text}, the oldest release this SDK supports.", data: data);
        }

        return HealthCheckResult.Healthy($"coderd {version} at {_client.BaseUrl}", data);
    }
}
