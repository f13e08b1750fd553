namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>What <see cref="ICoderWebhookDeliveryStore.TryClaimAsync"/> found for a message id.</summary>
public enum CoderWebhookClaim
{
    /// <summary>The id is new: the caller now owns it and must complete or release it.</summary>
    Claimed,

    /// <summary>The id was handled already: this is a redelivery, answered without running the handlers.</summary>
    Handled,

    /// <summary>Another request is handling the id right now.</summary>
    InProgress,
}
