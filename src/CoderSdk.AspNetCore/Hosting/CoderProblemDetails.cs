using System.Globalization;
using System.Net;
using CoderSdk.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CoderSdk.AspNetCore.Hosting;

/// <summary>
/// Turns the SDK's exceptions into <see cref="ProblemDetails"/> for the app's own callers, who are not coderd's
/// callers: a failure between the app and coderd is the app's upstream failing, not the caller's request.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>SDK exception (coderd's status)</term><description>Answer</description></listheader>
/// <item><term>400 Bad Request</term><description>400, with coderd's validations as <c>errors</c> (the caller's input, passed on, was refused)</description></item>
/// <item><term>404 Not Found (<see cref="CoderNotFoundException"/>)</term><description>404</description></item>
/// <item><term>409 Conflict (<see cref="CoderConflictException"/>)</term><description>409, with validations as <c>errors</c></description></item>
/// <item><term><see cref="CoderNotSupportedException"/></term><description>501 Not Implemented: the deployment's release lacks the operation</description></item>
/// <item><term>401, 403</term><description>502 Bad Gateway: coderd refused the app's own credentials, which the caller cannot fix</description></item>
/// <item><term>429 (<see cref="CoderRateLimitedException"/>), <see cref="CoderConcurrencyLimitExceededException"/></term><description>503 Service Unavailable, with <c>Retry-After</c> when coderd gave one</description></item>
/// <item><term><see cref="CoderOutcomeUnknownException"/></term><description>504 Gateway Timeout</description></item>
/// <item><term>any other <see cref="CoderApiException"/> (5xx, unreadable body, redirect)</term><description>502 Bad Gateway</description></item>
/// </list>
/// The <c>detail</c> is coderd's <c>message</c>; the extension <c>coderStatus</c> is the status coderd answered.
/// The SDK's messages and coderd's never contain the session token. Other exceptions (a plain
/// <see cref="HttpRequestException"/> when coderd cannot be reached, <see cref="CoderConfigurationException"/>) are
/// left to the app's other handlers.
/// </remarks>
public static class CoderProblemDetails
{
    /// <summary>Describes an SDK exception, or returns null for one this mapping leaves alone.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="includeCoderDetail">Whether coderd's <c>detail</c> field is added as the <c>coderDetail</c> extension.</param>
    /// <returns>The problem, or null.</returns>
    public static ProblemDetails? Create(Exception exception, bool includeCoderDetail = false)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case CoderOutcomeUnknownException:
                return Problem(StatusCodes.Status504GatewayTimeout, "coderd did not answer in time",
                    "The request to the Coder deployment timed out after it was sent; it may or may not have taken effect.");
            case CoderConcurrencyLimitExceededException:
                return Problem(StatusCodes.Status503ServiceUnavailable, "Too many requests to coderd",
                    "This application's limit of concurrent requests to the Coder deployment was reached.");
            case CoderApiException api:
                return FromApi(api, includeCoderDetail);
            default:
                return null;
        }
    }

    private static ProblemDetails FromApi(CoderApiException e, bool includeCoderDetail)
    {
        var upstream = (int)e.StatusCode;
        var (status, title) = e switch
        {
            CoderNotSupportedException => (StatusCodes.Status501NotImplemented, "Not supported by this Coder deployment"),
            CoderInvalidResponseException or CoderRedirectException => (StatusCodes.Status502BadGateway, "coderd's answer could not be used"),
            CoderRateLimitedException => (StatusCodes.Status503ServiceUnavailable, "coderd is rate limiting this application"),
            _ => e.StatusCode switch
            {
                HttpStatusCode.BadRequest => (StatusCodes.Status400BadRequest, "coderd refused the request"),
                HttpStatusCode.NotFound => (StatusCodes.Status404NotFound, "Not found in the Coder deployment"),
                HttpStatusCode.Conflict => (StatusCodes.Status409Conflict, "Conflict in the Coder deployment"),
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (StatusCodes.Status502BadGateway, "coderd refused this application's credentials"),
                _ => (StatusCodes.Status502BadGateway, "The Coder deployment failed"),
            },
        };

        ProblemDetails problem;
        if (e.Validations.Count > 0 && status is StatusCodes.Status400BadRequest or StatusCodes.Status409Conflict)
        {
            var errors = e.Validations
                .GroupBy(v => v.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(v => v.Detail).ToArray(), StringComparer.Ordinal);
            problem = new HttpValidationProblemDetails(errors) { Status = status, Title = title, Detail = e.CoderMessage };
        }
        else
        {
            problem = Problem(status, title, e.CoderMessage);
        }

        problem.Extensions["coderStatus"] = upstream;
        if (includeCoderDetail && e.Detail is { Length: > 0 } detail)
        {
            problem.Extensions["coderDetail"] = detail;
        }

        return problem;
    }

    private static ProblemDetails Problem(int status, string title, string detail) =>
        new() { Status = status, Title = title, Detail = detail };
}

/// <summary>The <see cref="IExceptionHandler"/> <c>AddCoderProblemDetails</c> registers.</summary>
internal sealed class CoderExceptionHandler(IProblemDetailsService problems, IOptions<CoderProblemDetailsOptions> options) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (CoderProblemDetails.Create(exception, options.Value.IncludeCoderDetail) is not { } problem)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status502BadGateway;
        if (exception is CoderRateLimitedException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }).ConfigureAwait(false);
        return true;
    }
}
