namespace CoderSdk.Pipeline;

/// <summary>
/// One step of the SDK's request path (operation, credentials, resilience, attempt log, redirects). The steps run
/// inside a single <see cref="CoderPipelineHandler"/>, which makes the call's <see cref="CoderCallState"/> once and
/// hands it to each step: each is an <c>async ValueTask</c> with a pooled state machine, so a call pays for one
/// <see cref="DelegatingHandler"/> task instead of one per step (measured in docs/benchmarks.md).
/// </summary>
internal abstract class CoderPipelineStep
{
    private CoderPipelineStep? _next;
    private CoderPipelineHandler? _owner;

    /// <summary>Sends <paramref name="request"/> of <paramref name="call"/> through this step and those after it.</summary>
    public abstract ValueTask<HttpResponseMessage> SendAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken);

    /// <summary>Links the steps in order, the last one to <paramref name="owner"/>'s inner handler.</summary>
    internal static CoderPipelineStep Chain(CoderPipelineHandler owner, IReadOnlyList<CoderPipelineStep> steps)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            steps[i]._owner = owner;
            steps[i]._next = i + 1 < steps.Count ? steps[i + 1] : null;
        }

        return steps[0];
    }

    /// <summary>Sends <paramref name="request"/> on: to the next step, or out through the handler's inner handler.</summary>
    protected ValueTask<HttpResponseMessage> SendNextAsync(CoderCallState call, HttpRequestMessage request, CancellationToken cancellationToken) =>
        _next is { } next ? next.SendAsync(call, request, cancellationToken)
            : new ValueTask<HttpResponseMessage>((_owner ?? throw new InvalidOperationException("The step is not part of a pipeline.")).SendInnerAsync(request, cancellationToken));
}

/// <summary>
/// The SDK's one <see cref="DelegatingHandler"/>: makes the call's <see cref="CoderCallState"/> and runs its steps in
/// order, outermost first; the last step sends through <see cref="DelegatingHandler.InnerHandler"/> (the transport, or
/// handlers a caller chained after the SDK's, which then run once per attempt).
/// </summary>
internal sealed class CoderPipelineHandler : DelegatingHandler
{
    private readonly CoderPipelineStep _first;

    public CoderPipelineHandler(IReadOnlyList<CoderPipelineStep> steps) => _first = CoderPipelineStep.Chain(this, steps);

    /// <summary>The steps' way out.</summary>
    internal Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _first.SendAsync(CoderCallState.Begin(request), request, cancellationToken).AsTask();
}
