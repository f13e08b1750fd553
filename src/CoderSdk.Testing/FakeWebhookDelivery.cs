using System.Net;

namespace CoderSdk.Testing;

/// <summary>One webhook delivery the fake made, and what the receiver answered.</summary>
/// <param name="MessageId">The message id sent.</param>
/// <param name="Endpoint">Where it was posted.</param>
/// <param name="StatusCode">The receiver's status.</param>
/// <param name="ResponseBody">The start of the receiver's answer (at most 512 bytes, as coderd logs it).</param>
public sealed record FakeWebhookDelivery(Guid MessageId, Uri Endpoint, HttpStatusCode StatusCode, string ResponseBody)
{
    /// <summary>Whether coderd would count the delivery as sent (a 2xx answer); otherwise it retries.</summary>
    public bool Succeeded => (int)StatusCode is >= 200 and < 300;
}
