namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// Remembers which webhook messages were handled, so a redelivery (same message id) runs the handlers once. The
/// default is <see cref="InMemoryCoderWebhookDeliveryStore"/>, which one process sees; an app with several instances
/// behind one endpoint registers its own over a shared store (a database row with a unique key, a Redis <c>SET NX</c>)
/// after <c>AddCoderWebhooks</c>: <c>services.AddSingleton&lt;ICoderWebhookDeliveryStore, MyStore&gt;()</c>.
/// </summary>
public interface ICoderWebhookDeliveryStore
{
    /// <summary>Claims a message id for handling, atomically.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the claim.</param>
    /// <returns>Whether the caller got the id, or who has it.</returns>
    ValueTask<CoderWebhookClaim> TryClaimAsync(Guid messageId, CancellationToken cancellationToken);

    /// <summary>Marks a claimed id handled: redeliveries from now on are duplicates.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the id is marked.</returns>
    ValueTask CompleteAsync(Guid messageId, CancellationToken cancellationToken);

    /// <summary>Gives a claimed id up (its handler failed): the next delivery of it runs the handlers again.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the id is released.</returns>
    ValueTask ReleaseAsync(Guid messageId, CancellationToken cancellationToken);
}
