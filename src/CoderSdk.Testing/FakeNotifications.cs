using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;

namespace CoderSdk.Testing;

/// <summary>
/// The fake's notification deliveries: posts notifications to a webhook receiver exactly as coderd's webhook method
/// does (<c>POST</c>, <c>Content-Type: application/json</c>, the <c>X-Message-Id</c> header, the same JSON body).
/// </summary>
public sealed class FakeNotifications
{
    private readonly FakeCoderState _state;
    private readonly ConcurrentQueue<FakeWebhookDelivery> _deliveries = new();

    internal FakeNotifications(FakeCoderState state) => _state = state;

    /// <summary>Every delivery made so far, in order.</summary>
    public IReadOnlyList<FakeWebhookDelivery> Deliveries => [.. _deliveries];

    /// <summary>Posts <paramref name="notification"/> to <paramref name="endpoint"/> once (no retries: deliver it again to act as coderd's retry).</summary>
    /// <param name="endpoint">The receiver's URL.</param>
    /// <param name="notification">The notification.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the receiver answered.</returns>
    /// <exception cref="HttpRequestException">The receiver could not be reached.</exception>
    public Task<FakeWebhookDelivery> DeliverWebhookAsync(Uri endpoint, FakeNotification notification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return DeliverRawAsync(endpoint, notification.ToWebhookBody(_state.Admin).ToJsonString(), notification.MessageId, cancellationToken);
    }

    /// <summary>Posts a body of the caller's own with coderd's headers, e.g. to test how a receiver refuses a malformed one.</summary>
    /// <param name="endpoint">The receiver's URL.</param>
    /// <param name="body">The body, sent as is.</param>
    /// <param name="messageId">The <c>X-Message-Id</c> header's value.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>What the receiver answered.</returns>
    /// <exception cref="HttpRequestException">The receiver could not be reached.</exception>
    public async Task<FakeWebhookDelivery> DeliverRawAsync(Uri endpoint, string body, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(body);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Message-Id", messageId.ToString());
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var delivery = new FakeWebhookDelivery(messageId, endpoint, response.StatusCode, Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 512)));
        _deliveries.Enqueue(delivery);
        return delivery;
    }
}
