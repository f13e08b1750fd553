using System.Globalization;
using CoderSdk.Testing;

namespace CoderSdk.Samples.Snippets;

/// <summary>
/// <c>inbox [--max N]</c>: prints each new inbox notification as it arrives (title, text, unread count), until Ctrl+C
/// or N notifications. On the embedded fake server it sends itself three notifications once the watch is listening,
/// and ends after them.
/// </summary>
public static class Inbox
{
    public static async Task<int> RunAsync(SnippetContext context)
    {
        var maxIndex = Array.IndexOf(context.Args, "--max");
        var max = maxIndex >= 0 && maxIndex + 1 < context.Args.Length
            ? int.Parse(context.Args[maxIndex + 1], CultureInfo.InvariantCulture)
            : context.FakeServer is null ? int.MaxValue : 3;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var driver = context.FakeServer is { } fake ? NotifyWhenListeningAsync(fake, stop.Token) : Task.CompletedTask;

        await context.Out.WriteLineAsync("Watching the inbox (Ctrl+C to stop):");
        var seen = 0;
        await foreach (var item in context.Client.Streams.WatchInboxAsync(format: "plaintext", cancellationToken: stop.Token))
        {
            var notification = item.Notification;
            await context.Out.WriteLineAsync($"{notification.CreatedAt:HH:mm:ss} {notification.Title}: {notification.Content} ({item.UnreadCount} unread)");
            if (++seen >= max)
            {
                break;
            }
        }

        await stop.CancelAsync();
        await driver;
        return 0;
    }

    // Gives the watch something to show on the fake server: three notifications, sent once the watch listens (the
    // inbox watch carries only what arrives after it opened).
    private static async Task NotifyWhenListeningAsync(FakeCoderServer server, CancellationToken cancellationToken)
    {
        var opened = new TaskCompletionSource<FakeStreamRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnOpened(FakeStreamRecord record)
        {
            if (record.Path.Contains("/inbox/watch", StringComparison.Ordinal))
            {
                opened.TrySetResult(record);
            }
        }

        server.Streams.Opened += OnOpened;
        try
        {
            var stream = await opened.Task.WaitAsync(cancellationToken);
            await stream.Subscribed.WaitAsync(cancellationToken);
            server.Live.NotifyInbox("Workspace build failed", "admin/dev: terraform apply failed");
            server.Live.NotifyInbox("Template updated", "docker has a new active version");
            server.Live.NotifyInbox("Workspace marked dormant", "admin/gpu-box has been idle for 30 days");
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            server.Streams.Opened -= OnOpened;
        }
    }
}
