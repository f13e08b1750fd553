using CoderSdk.Configuration;
using CoderSdk.Http;
using Polly.Timeout;

namespace CoderSdk.Pipeline;

/// <summary>
/// The transport of a client view made by <see cref="ICoderClient.WithCallOptions"/>: it notes the view's options on
/// the call (the auth step adds their headers), bounds the whole call by the view's timeout, hands the final response
/// to the view's callback, and sends through the parent client's pipeline, so token, retries, redirect guard and
/// version observation are the parent's.
/// </summary>
internal sealed class CoderCallOptionsHandler : HttpMessageHandler
{
    private readonly HttpMessageInvoker _parent;
    private readonly CoderCallOptions _call;
    private readonly TimeProvider _time;

    public CoderCallOptionsHandler(HttpMessageInvoker parent, CoderCallOptions call, TimeProvider time)
    {
        _parent = parent;
        _call = call;
        _time = time;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // HttpClient sends a message once; the view's client has, so the parent gets a copy sharing the content.
        var copy = HttpClientForwardingHandler.Copy(request);
        var state = CoderCallState.Of(copy);
        state.CallOptions = _call;
        HttpResponseMessage response;
        if (_call.Timeout is { } limit && limit != Timeout.InfiniteTimeSpan)
        {
            using var deadline = new CancellationTokenSource(limit, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            try
            {
                response = await SendParentAsync(copy, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutRejectedException(
                    $"{copy.Method.Method} {CoderHttpText.RouteOf(copy)} did not finish within its per-call timeout of {CoderResilienceOptions.Format(limit)}.", limit, ex);
            }
        }
        else
        {
            response = await SendParentAsync(copy, cancellationToken).ConfigureAwait(false);
        }

        if (_call.ResponseReceived is { } callback)
        {
            try
            {
                callback(new CoderResponseInfo(response, copy.Method.Method, CoderHttpText.RouteOf(copy), state.Attempt));
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        return response;
    }

    private Task<HttpResponseMessage> SendParentAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _parent is HttpClient client
            ? client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            : _parent.SendAsync(request, cancellationToken);
}
