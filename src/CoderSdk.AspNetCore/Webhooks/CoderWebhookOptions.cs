namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// The handlers of the webhook endpoint (<c>MapCoderWebhooks</c>) and its limits. Set them in
/// <c>services.AddCoderWebhooks(o => ...)</c>.
/// </summary>
/// <remarks>
/// For each message the endpoint runs, one after another in the order they were added: every handler registered for
/// its template id (typed with <see cref="On{TNotification}(Func{TNotification, CancellationToken, Task})"/> or raw with
/// <see cref="On(Guid, Func{CoderWebhookMessage, CancellationToken, Task})"/>), then the <see cref="OnUnhandled"/>
/// handlers when none of those matched, then every <see cref="OnAny"/> handler. A handler that throws stops the rest
/// and the endpoint answers 500, so coderd sends the message again.
/// </remarks>
public sealed class CoderWebhookOptions
{
    private readonly List<Registration> _handlers = [];

    /// <summary>
    /// How long a handled message id is remembered, so a redelivery of it is answered without running the handlers
    /// again. The default, one hour, covers coderd's default retries (5 attempts, at least 5 minutes apart).
    /// </summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most this many message ids are remembered; past it the oldest are forgotten first. Default 10,000.</summary>
    public int MaxTrackedDeliveries { get; set; } = 10_000;

    /// <summary>Bodies larger than this are refused with 413. Default 1 MiB (coderd's bodies are a few KiB).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Runs <paramref name="handler"/> for every message of <typeparamref name="TNotification"/>'s template.</summary>
    /// <typeparam name="TNotification">A typed notification, e.g. <see cref="WorkspaceDeletedNotification"/>.</typeparam>
    /// <param name="handler">The handler; the token fires when coderd gives up on the request.</param>
    /// <returns>These options.</returns>
    public CoderWebhookOptions On<TNotification>(Func<TNotification, CancellationToken, Task> handler)
        where TNotification : CoderNotification, ICoderNotificationTemplate<TNotification>
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new(TNotification.TemplateId, Kind.Template, (m, _, ct) => handler(TNotification.FromMessage(m), ct)));
        return this;
    }

    /// <summary>
    /// Runs <paramref name="handler"/> for every message of <typeparamref name="TNotification"/>'s template, with the
    /// request's services (resolve scoped services from them).
    /// </summary>
    /// <typeparam name="TNotification">A typed notification, e.g. <see cref="WorkspaceDeletedNotification"/>.</typeparam>
    /// <param name="handler">The handler; the token fires when coderd gives up on the request.</param>
    /// <returns>These options.</returns>
    public CoderWebhookOptions On<TNotification>(Func<TNotification, IServiceProvider, CancellationToken, Task> handler)
        where TNotification : CoderNotification, ICoderNotificationTemplate<TNotification>
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new(TNotification.TemplateId, Kind.Template, (m, sp, ct) => handler(TNotification.FromMessage(m), sp, ct)));
        return this;
    }

    /// <summary>Runs <paramref name="handler"/> for every message of a template, given by id (for templates without a typed view).</summary>
    /// <param name="templateId">The notification template id, e.g. <see cref="CoderNotificationTemplates.TemplateDeprecated"/>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>These options.</returns>
    public CoderWebhookOptions On(Guid templateId, Func<CoderWebhookMessage, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new(templateId, Kind.Template, (m, _, ct) => handler(m, ct)));
        return this;
    }

    /// <summary>Runs <paramref name="handler"/> for the messages no template handler matched, e.g. templates this package does not know.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>These options.</returns>
    public CoderWebhookOptions OnUnhandled(Func<CoderWebhookMessage, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new(Guid.Empty, Kind.Unhandled, (m, _, ct) => handler(m, ct)));
        return this;
    }

    /// <summary>Runs <paramref name="handler"/> for every message, after the template handlers.</summary>
    /// <param name="handler">The handler.</param>
    /// <returns>These options.</returns>
    public CoderWebhookOptions OnAny(Func<CoderWebhookMessage, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.Add(new(Guid.Empty, Kind.Any, (m, _, ct) => handler(m, ct)));
        return this;
    }

    /// <summary>Runs the handlers that apply to <paramref name="message"/>, in order.</summary>
    /// <returns>How many handlers ran.</returns>
    internal async Task<int> DispatchAsync(CoderWebhookMessage message, IServiceProvider services, CancellationToken cancellationToken)
    {
        var ran = 0;
        var template = message.Payload.NotificationTemplateId;
        foreach (var h in _handlers)
        {
            if (h.Kind == Kind.Template && h.TemplateId == template)
            {
                await h.Handler(message, services, cancellationToken).ConfigureAwait(false);
                ran++;
            }
        }

        if (ran == 0)
        {
            foreach (var h in _handlers)
            {
                if (h.Kind == Kind.Unhandled)
                {
                    await h.Handler(message, services, cancellationToken).ConfigureAwait(false);
                    ran++;
                }
            }
        }

        foreach (var h in _handlers)
        {
            if (h.Kind == Kind.Any)
            {
                await h.Handler(message, services, cancellationToken).ConfigureAwait(false);
                ran++;
            }
        }

        return ran;
    }

    private enum Kind
    {
        Template,
        Unhandled,
        Any,
    }

    private sealed record Registration(Guid TemplateId, Kind Kind, Func<CoderWebhookMessage, IServiceProvider, CancellationToken, Task> Handler);
}
