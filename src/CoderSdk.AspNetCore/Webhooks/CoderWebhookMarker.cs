namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>Registered by <c>AddCoderWebhooks</c>, so <c>MapCoderWebhooks</c> can tell it was called.</summary>
internal sealed class CoderWebhookMarker;
