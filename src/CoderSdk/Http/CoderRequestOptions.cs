namespace CoderSdk.Http;

/// <summary>
/// Keys the SDK attaches to <see cref="HttpRequestMessage.Options"/> so its handlers know what a request is. Only the
/// route template is public, for handlers of your own to read (a log or metric label without ids); the stream marker,
/// which the SDK's stream code sets on its handshakes, is the SDK's own.
/// </summary>
public static class CoderRequestOptions
{
    /// <summary>The operation's route template, e.g. <c>/api/v2/workspaces/{workspace}</c>; handlers log this instead of the concrete path.</summary>
    public static readonly HttpRequestOptionsKey<string> RouteTemplate = new("CoderSdk.RouteTemplate");

    /// <summary>Set on streaming requests (WebSocket follow/watch upgrades); the resilience pipeline lets them through untouched.</summary>
    internal static readonly HttpRequestOptionsKey<bool> IsStream = new("CoderSdk.IsStream");

    private static readonly HttpRequestOptionsKey<Type> RefitInterface = new(global::Refit.HttpRequestMessageOptions.InterfaceType);
    private static readonly HttpRequestOptionsKey<string> RefitMethod = new(global::Refit.HttpRequestMessageOptions.MethodName);

    /// <summary>
    /// The operation of <paramref name="request"/>: the one its call already recognised, else the one the interface type
    /// and method name Refit records name in the generated table (its route template is then noted on the request for
    /// handlers of the caller's own). Refit's generated code hands over nothing else that identifies
    /// the method, so this is the one lookup, made when the call enters the pipeline.
    /// </summary>
    internal static CoderOperation? OperationOf(HttpRequestMessage request) =>
        CoderCallState.Find(request)?.Operation ?? Recognise(request);

    /// <summary>Looks the operation of a Refit request up in the generated table; see <see cref="OperationOf"/>.</summary>
    internal static CoderOperation? Recognise(HttpRequestMessage request)
    {
        if (!request.Options.TryGetValue(RefitInterface, out var api) || !request.Options.TryGetValue(RefitMethod, out var method) ||
            CoderOperations.Find(api, method) is not { } operation)
        {
            return null;
        }

        request.Options.Set(RouteTemplate, operation.Route);
        return operation;
    }
}
