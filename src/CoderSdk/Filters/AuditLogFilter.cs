using System.Globalization;

namespace CoderSdk.Filters;

/// <summary>
/// Builds an audit-log search (<c>GET /api/v2/audit?q=</c>). Each call adds a term; coderd ANDs them.
/// Converts to the query string implicitly.
/// </summary>
public sealed class AuditLogFilter : CoderSearchFilter<AuditLogFilter>
{
    /// <summary>Entries by a user (<c>username:</c>).</summary>
    /// <param name="username">The username.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter Username(string username) => With("username", username);

    /// <summary>Entries by the user with this e-mail address (<c>email:</c>).</summary>
    /// <param name="email">The e-mail address.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter Email(string email) => With("email", email);

    /// <summary>Entries about a kind of resource (<c>resource_type:</c>), e.g. <c>workspace</c> or <c>template</c>.</summary>
    /// <param name="resourceType">The resource type.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter ResourceType(string resourceType) => With("resource_type", resourceType);

    /// <summary>Entries about one resource (<c>resource_id:</c>).</summary>
    /// <param name="resourceId">The resource id.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter ResourceId(Guid resourceId) => With("resource_id", resourceId.ToString("D"));

    /// <summary>Entries whose target name matches (<c>resource_target:</c>).</summary>
    /// <param name="target">The target name, e.g. a workspace name.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter ResourceTarget(string target) => With("resource_target", target);

    /// <summary>Entries of an action (<c>action:</c>), e.g. <c>create</c>, <c>write</c>, <c>delete</c>, <c>start</c>, <c>stop</c>, <c>login</c>.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter Action(string action) => With("action", action);

    /// <summary>Build entries with a reason (<c>build_reason:</c>), e.g. <c>initiator</c> or <c>autostart</c>.</summary>
    /// <param name="reason">The build reason.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter BuildReason(string reason) => With("build_reason", reason);

    /// <summary>Entries in an organization (<c>organization:</c>, by name or id).</summary>
    /// <param name="organization">The organization name or id.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter Organization(string organization) => With("organization", organization);

    /// <summary>Entries of one request (<c>request_id:</c>).</summary>
    /// <param name="requestId">The request id.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter RequestId(Guid requestId) => With("request_id", requestId.ToString("D"));

    /// <summary>Entries on or after a day (<c>date_from:</c>, <c>yyyy-MM-dd</c>).</summary>
    /// <param name="day">The first day.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter DateFrom(DateOnly day) => With("date_from", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>Entries on or before a day (<c>date_to:</c>, <c>yyyy-MM-dd</c>; the whole day counts).</summary>
    /// <param name="day">The last day.</param>
    /// <returns>This filter.</returns>
    public AuditLogFilter DateTo(DateOnly day) => With("date_to", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}
