using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// The request handling behind <c>MapCoderWebhooks</c>. coderd counts any answer other than 2xx (and any transport
/// failure) as a failed attempt and sends the message again until its attempts run out
/// (<c>CODER_NOTIFICATIONS_MAX_SEND_ATTEMPTS</c>, 5 by default), so: 200 for a handled message and for a duplicate,
/// 500 when a handler throws (retried), 409 while another request handles the same id (retried, then answered as a
/// duplicate or handled), and 400/413 for a body that can never be read; coderd retries those too, a bounded number
/// of times, and then marks the message failed, which is where an operator sees it.
/// </summary>
internal sealed partial class CoderWebhookEndpoint(CoderWebhookOptions options, ICoderWebhookDeliveryStore store, ILogger logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var body = await ReadBodyAsync(context.Request, options.MaxBodyBytes, aborted).ConfigureAwait(false);
        if (body is null)
        {
            LogTooLarge(logger, options.MaxBodyBytes);
            await Problem(context, StatusCodes.Status413PayloadTooLarge, "Webhook body too large", $"The body is larger than {options.MaxBodyBytes} bytes.").ConfigureAwait(false);
            return;
        }

        CoderWebhookMessage message;
        try
        {
            message = CoderWebhookMessage.Parse(body);
        }
        catch (CoderWebhookFormatException e)
        {
            LogUnreadable(logger, e.Message);
            await Problem(context, StatusCodes.Status400BadRequest, "Not a coderd notification message", e.Message).ConfigureAwait(false);
            return;
        }

        if (!message.IsSupportedVersion)
        {
            LogUnsupportedVersion(logger, message.MessageId, message.Version, message.Payload.Version);
            await Problem(context, StatusCodes.Status400BadRequest, "Unsupported notification message version",
                $"Message version '{message.Version}' with payload version '{message.Payload.Version}'; this receiver reads major version {CoderWebhookMessage.SupportedMajorVersion}.").ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers[CoderWebhookMessage.MessageIdHeader];
        if (header.Count > 0 && (!Guid.TryParse(header.ToString(), out var headerId) || headerId != message.MessageId))
        {
            LogHeaderMismatch(logger, message.MessageId);
            await Problem(context, StatusCodes.Status400BadRequest, "Message id mismatch",
                $"The {CoderWebhookMessage.MessageIdHeader} header does not match the body's msg_id.").ConfigureAwait(false);
            return;
        }

        var id = message.MessageId;
        var template = message.Payload.NotificationTemplateId;
        switch (await store.TryClaimAsync(id, aborted).ConfigureAwait(false))
        {
            case CoderWebhookClaim.Handled:
                LogDuplicate(logger, id, template, message.Payload.NotificationName);
                context.Response.StatusCode = StatusCodes.Status200OK;
                return;
            case CoderWebhookClaim.InProgress:
                LogInProgress(logger, id, template);
                await Problem(context, StatusCodes.Status409Conflict, "Message being handled",
                    "Another delivery of this message is being handled; coderd will send it again.").ConfigureAwait(false);
                return;
        }

        int ran;
        try
        {
            ran = await options.DispatchAsync(message, context.RequestServices, aborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // CancellationToken.None: the id must be released even when coderd has gone, or its retry would be refused.
            await store.ReleaseAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (e is OperationCanceledException && aborted.IsCancellationRequested)
            {
                LogAborted(logger, id, template);
                return;
            }

            LogHandlerFailed(logger, e, id, template, message.Payload.NotificationName);
            await Problem(context, StatusCodes.Status500InternalServerError, "Notification handler failed",
                "A handler of this notification failed; coderd will send it again.").ConfigureAwait(false);
            return;
        }

        await store.CompleteAsync(id, CancellationToken.None).ConfigureAwait(false);
        if (ran == 0)
        {
            LogNoHandler(logger, id, template, message.Payload.NotificationName);
        }
        else
        {
            LogHandled(logger, id, template, message.Payload.NotificationName, ran);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The body, or null when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is { } length and > 0 ? (int)length : 4096);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(4096), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                return null;
            }
        }
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Coder notification {MessageId} ({TemplateName}, template {TemplateId}) handled by {HandlerCount} handler(s)")]
    private static partial void LogHandled(ILogger logger, Guid messageId, Guid templateId, string templateName, int handlerCount);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Coder notification {MessageId} ({TemplateName}, template {TemplateId}) is a duplicate delivery: answered 200 without running the handlers again")]
    private static partial void LogDuplicate(ILogger logger, Guid messageId, Guid templateId, string templateName);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Coder notification {MessageId} (template {TemplateId}) arrived again while its first delivery is being handled: answered 409 so coderd retries it")]
    private static partial void LogInProgress(ILogger logger, Guid messageId, Guid templateId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Refused a Coder webhook request with 400: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Refused Coder notification {MessageId} with 400: message version '{Version}', payload version '{PayloadVersion}' is not a version this receiver reads")]
    private static partial void LogUnsupportedVersion(ILogger logger, Guid messageId, string version, string payloadVersion);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Refused Coder notification {MessageId} with 400: the X-Message-Id header does not match the body")]
    private static partial void LogHeaderMismatch(ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Refused a Coder webhook request with 413: the body is larger than {Limit} bytes")]
    private static partial void LogTooLarge(ILogger logger, long limit);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "A handler of Coder notification {MessageId} ({TemplateName}, template {TemplateId}) failed: answered 500 so coderd sends it again")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, Guid messageId, Guid templateId, string templateName);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "Coder notification {MessageId} ({TemplateName}, template {TemplateId}) has no handler: answered 200")]
    private static partial void LogNoHandler(ILogger logger, Guid messageId, Guid templateId, string templateName);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "coderd closed the request for notification {MessageId} (template {TemplateId}) while it was handled; it will be handled again on redelivery")]
    private static partial void LogAborted(ILogger logger, Guid messageId, Guid templateId);
}
