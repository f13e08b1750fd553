namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// A notification type <see cref="CoderWebhookOptions.On{TNotification}(Func{TNotification, CancellationToken, Task})"/>
/// can dispatch to: its template id, and how to build it from a message.
/// </summary>
/// <typeparam name="TSelf">The notification type.</typeparam>
public interface ICoderNotificationTemplate<TSelf>
    where TSelf : CoderNotification, ICoderNotificationTemplate<TSelf>
{
    /// <summary>The notification template id the type reads.</summary>
    static abstract Guid TemplateId { get; }

    /// <summary>Builds the typed view of a message of that template.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The notification.</returns>
    static abstract TSelf FromMessage(CoderWebhookMessage message);
}
