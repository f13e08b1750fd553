using CoderSdk.Pipeline;
using Refit;

namespace CoderSdk;

/// <summary>
/// The <see cref="RefitSettings"/> the SDK's areas use, for callers who build Refit clients themselves: an area
/// interface over an <see cref="HttpClient"/> of their own, or their own Refit interface over the SDK's models (with
/// <see cref="IApiResponse{T}"/> results, say).
/// </summary>
/// <remarks>
/// With these settings bodies go through the source-generated <c>CoderJsonContext</c>, query and path values use
/// coderd's wire formats, and errors are the SDK's typed exceptions (exact success statuses for the SDK's own
/// interfaces, any 2xx for others). What a <see cref="CoderClient"/> adds besides (session token, retries, redirect
/// guard, logging, TLS) lives in its handler chain and is not part of these settings.
/// </remarks>
/// <example>
/// <code>
/// var http = new HttpClient { BaseAddress = new Uri("https://coder.example.com") };
/// http.DefaultRequestHeaders.Add("Coder-Session-Token", token);
/// var workspaces = RestService.ForGenerated&lt;IWorkspacesApi&gt;(http, CoderRefitSettings.Create());
/// </code>
/// </example>
public static class CoderRefitSettings
{
    /// <summary>Creates a new settings object (each call a new one, so callers may change it).</summary>
    /// <returns>Settings with the SDK's serializer, URL formatter and exception factories.</returns>
    public static RefitSettings Create() => CoderRefit.CreateSettings();
}
