namespace CoderSdk;

/// <summary>
/// Marks a hand-written method of an API area that is not one call of one endpoint but a workflow built on several
/// (a live stream with reconnects, a wait, a pager, a lifecycle step). <see cref="Routes"/> names the endpoints it uses,
/// so a reader (or a tool using reflection) can still see what it calls.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class CoderWorkflowAttribute : Attribute
{
    /// <summary>Records the endpoints the workflow uses.</summary>
    /// <param name="routes">Each endpoint as <c>METHOD /route/template</c>, e.g. <c>GET /api/v2/workspacebuilds/{workspacebuild}/logs</c>.</param>
    public CoderWorkflowAttribute(params string[] routes) => Routes = routes;

    /// <summary>The endpoints the workflow uses, as <c>METHOD /route/template</c>.</summary>
    public IReadOnlyList<string> Routes { get; }
}
