using System.Diagnostics;
using System.Diagnostics.Metrics;

using CoderSdk.Versions;

namespace CoderSdk.Telemetry;

/// <summary>
/// The SDK's own telemetry: an <see cref="ActivitySource"/> and a <see cref="System.Diagnostics.Metrics.Meter"/>, both named
/// <see cref="Name"/>. Every generated call is one client activity named after its operation
/// (<c>Workspaces.GetAsync</c>) with OpenTelemetry's HTTP client attributes (<c>url.template</c>, <c>server.address</c>,
/// <c>server.port</c>, <c>http.request.method</c>, <c>http.response.status_code</c>, <c>http.request.resend_count</c>,
/// <c>error.type</c>); the waits and the restart are activities of their own around the calls and streams they make.
/// The meter records each call's duration and its resends. Neither ever carries the token or query values: routes are
/// templates.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddOpenTelemetry()
///     .WithTracing(t => t.AddSource(CoderTelemetry.Name))
///     .WithMetrics(m => m.AddMeter(CoderTelemetry.Name));
/// </code>
/// </example>
public static class CoderTelemetry
{
    /// <summary>The name of the SDK's activity source and meter: <c>CoderSdk</c>.</summary>
    public const string Name = "CoderSdk";

    /// <summary>The name of the histogram of call durations, in seconds.</summary>
    public const string DurationInstrument = "coder.client.operation.duration";

    /// <summary>The name of the counter of retried attempts.</summary>
    public const string RetriesInstrument = "coder.client.operation.retries";

    internal static readonly ActivitySource Source = new(Name, typeof(CoderTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Meter Meter = new(Name, typeof(CoderTelemetry).Assembly.GetName().Version?.ToString());

    internal static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        DurationInstrument, unit: "s", description: "How long a Coder API call took, retries included.");

    internal static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        RetriesInstrument, unit: "{retry}", description: "Attempts a Coder API call made beyond its first.");

    /// <summary>Starts the activity of a workflow (a wait, a restart) when someone listens, tagged with the resource it is about.</summary>
    internal static Activity? StartWorkflow(string name, string idTag, Guid id)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(idTag, id);
        return activity;
    }

    /// <summary>
    /// Starts the activity of a followed or watched stream when someone listens: named after its operation
    /// (<c>Streams.WatchWorkspaceAsync</c>; a log follow over a REST route adds <c>(follow)</c>), with the route template
    /// and the deployment's address; it lasts as long as the stream, reconnects included.
    /// </summary>
    internal static Activity? StartStream(CoderOperation operation, Uri deployment)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(operation.Area == "Streams" ? operation.ActivityName : operation.ActivityName + " (follow)", ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("coder.operation", operation.OperationId);
            activity.SetTag("url.template", operation.Route);
            activity.SetTag("server.address", deployment.Host);
            activity.SetTag("server.port", deployment.Port);
        }

        return activity;
    }

    /// <summary>Marks a workflow's or stream's activity as failed with the exception's type.</summary>
    internal static void Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity.SetTag("error.type", error.GetType().FullName);
        }
    }
}
