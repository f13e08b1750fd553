using CoderSdk.Errors;

namespace CoderSdk.Configuration;

/// <summary>
/// How the SDK's live streams (log follows, workspace and metadata watches) connect, stay alive and reconnect.
/// Set them once on <see cref="CoderClientOptions.Streaming"/>; the defaults suit a real deployment.
/// </summary>
/// <remarks>
/// A stream reconnects when its connection drops, the server closes it early, it goes silent for
/// <see cref="IdleTimeout"/>, or a message takes longer than <see cref="MessageTimeout"/> to arrive. Reconnects back off
/// exponentially with jitter from <see cref="ReconnectBaseDelay"/> to <see cref="ReconnectMaxDelay"/>, honour
/// <c>Retry-After</c> on 429, and never happen on 401, 403, 404, 410 or a refused redirect. A stream gives up after
/// <see cref="MaxReconnectAttempts"/> attempts in a row that delivered nothing. <see cref="OnReconnecting"/> and
/// <see cref="OnResumed"/> report each reconnect. A server that sends what the stream cannot carry (a binary frame,
/// invalid UTF-8, JSON of the wrong shape, a message over <see cref="MaxMessageBytes"/>) ends the stream at once with
/// <see cref="CoderStreamException"/>: a broken server is not cured by reconnecting.
/// </remarks>
public sealed class CoderStreamOptions
{
    /// <summary>
    /// How often the client sends a WebSocket keep-alive frame, so proxies and load balancers see traffic on quiet
    /// streams. Default 15 seconds (coderd's own ping interval). <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// On .NET 9 and later, how long the client waits for the pong to its keep-alive ping before it declares a watch
    /// WebSocket dead and reconnects. Default 20 seconds. Used only for coderd's watch sockets, whose server side reads
    /// and answers pings; coderd's log-follow sockets never read, so they rely on <see cref="IdleTimeout"/> instead.
    /// On .NET 8, <see cref="System.Net.WebSockets.ClientWebSocketOptions"/> has no keep-alive timeout: the keep-alive
    /// frames are unsolicited pongs and dead watch sockets are found by <see cref="IdleTimeout"/> too.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a stream may stay silent (no frame, no event, no server ping that the SDK can see) before it counts as
    /// dead and reconnects. Default 45 seconds. Applies to Server-Sent Events (coderd pings every 15 seconds), to log
    /// follows, and to watch WebSockets where no keep-alive timeout is available. <see cref="Timeout.InfiniteTimeSpan"/>
    /// turns it off.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How long opening a stream (TCP, TLS and the upgrade or the SSE response headers) may take. Default 30 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first reconnect delay; later ones double up to <see cref="ReconnectMaxDelay"/>, with jitter. Default 1 second.</summary>
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest reconnect delay (a <c>Retry-After</c> from coderd may ask for more). Default 30 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many reconnect attempts in a row may fail to deliver anything before the stream gives up and throws.
    /// Default 10. A session that delivers data resets the count.
    /// </summary>
    public int MaxReconnectAttempts { get; set; } = 10;

    /// <summary>
    /// How many received items the stream buffers for a slow consumer. The receive loop keeps reading (and answering
    /// the server's pings) until the buffer is full. Default 1,000.
    /// </summary>
    public int BufferCapacity { get; set; } = 1000;

    /// <summary>
    /// The largest WebSocket message or SSE event the SDK accepts, however it is fragmented. Default 16 MiB; at least
    /// 1,024. A larger one ends the stream with <see cref="CoderStreamException"/>
    /// (<see cref="CoderStreamFailure.MessageTooLarge"/>) as soon as the limit is passed, without reading the rest.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How long one message (WebSocket message or SSE event) may take to arrive once its first bytes have, however
    /// it is fragmented; a message still incomplete then counts as a dead connection and the stream reconnects.
    /// Without it, a server trickling one endless message in tiny fragments would never time out, because every
    /// fragment counts as activity for <see cref="IdleTimeout"/>. Default null: the same as <see cref="IdleTimeout"/>.
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan? MessageTimeout { get; set; }

    /// <summary>
    /// Called before each reconnect with the stream's name, the attempt number (1 for the first reconnect after a
    /// connection that delivered data), the delay before the attempt, and what ended the previous connection.
    /// Runs on the stream's receive loop: keep it short. An exception it throws ends the stream with that exception.
    /// </summary>
    public Action<CoderStreamReconnecting>? OnReconnecting { get; set; }

    /// <summary>
    /// Called when a reconnect attempt has opened its connection again (log follows resume after the last delivered
    /// line; watches start over with a fresh snapshot). Runs on the stream's receive loop: keep it short. An exception
    /// it throws ends the stream with that exception.
    /// </summary>
    public Action<CoderStreamResumed>? OnResumed { get; set; }

    /// <summary>The message bound in force: <see cref="MessageTimeout"/>, or <see cref="IdleTimeout"/> when it is unset.</summary>
    internal TimeSpan EffectiveMessageTimeout => MessageTimeout ?? IdleTimeout;

    /// <summary>How long a closing stream waits for the server to acknowledge its close frame before dropping the connection. Default 1 second.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often <c>FollowLogsAsync(..., AgentLogFollowMode.UntilStartupCompletes)</c> re-reads the agent to learn
    /// whether its start-up has ended. Default 2 seconds.
    /// </summary>
    public TimeSpan AgentLifecyclePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The section's settings, one row each (see <see cref="CoderSetting"/>); the checks stay in <see cref="GetValidationErrors"/>.</summary>
    internal static readonly CoderSetting[] Settings = CreateSettings(new CoderSettingSection<CoderStreamOptions>("Streaming", static o => o.Streaming));

    private static CoderSetting[] CreateSettings(CoderSettingSection<CoderStreamOptions> s) =>
    [
        s.Row(nameof(KeepAliveInterval), CoderSettingTypes.Duration, o => o.KeepAliveInterval, (o, v) => o.KeepAliveInterval = v,
            doc: "how often a WebSocket keep-alive frame is sent; `00:00:00` turns it off"),
        s.Row(nameof(KeepAliveTimeout), CoderSettingTypes.Duration, o => o.KeepAliveTimeout, (o, v) => o.KeepAliveTimeout = v,
            doc: "how long a watch WebSocket waits for its ping's pong (.NET 9 and later)"),
        s.Row(nameof(IdleTimeout), CoderSettingTypes.Duration, o => o.IdleTimeout, (o, v) => o.IdleTimeout = v,
            doc: "how long a stream may stay silent before it reconnects; infinite turns it off"),
        s.Row(nameof(ConnectTimeout), CoderSettingTypes.Duration, o => o.ConnectTimeout, (o, v) => o.ConnectTimeout = v,
            doc: "how long opening a stream may take"),
        s.Row(nameof(ReconnectBaseDelay), CoderSettingTypes.Duration, o => o.ReconnectBaseDelay, (o, v) => o.ReconnectBaseDelay = v,
            doc: "the first reconnect delay; later ones double, with jitter"),
        s.Row(nameof(ReconnectMaxDelay), CoderSettingTypes.Duration, o => o.ReconnectMaxDelay, (o, v) => o.ReconnectMaxDelay = v,
            doc: "the longest reconnect delay"),
        s.Row(nameof(MaxReconnectAttempts), CoderSettingTypes.Int, o => o.MaxReconnectAttempts, (o, v) => o.MaxReconnectAttempts = v,
            doc: "reconnects in a row that deliver nothing before the stream gives up"),
        s.Row(nameof(BufferCapacity), CoderSettingTypes.Int, o => o.BufferCapacity, (o, v) => o.BufferCapacity = v,
            doc: "received items buffered for a slow consumer"),
        s.Row(nameof(MaxMessageBytes), CoderSettingTypes.Int, o => o.MaxMessageBytes, (o, v) => o.MaxMessageBytes = v,
            doc: "the largest message or event accepted (at least 1024)"),
        s.Row(nameof(MessageTimeout), CoderSettingTypes.OptionalDuration, o => o.MessageTimeout, (o, v) => o.MessageTimeout = v,
            defaultText: "IdleTimeout's value",
            doc: "how long one message may take to arrive once it has begun; infinite turns it off"),
        s.Row(nameof(OnReconnecting), CoderSettingTypes.Callback<Action<CoderStreamReconnecting>?>(), o => o.OnReconnecting, (o, v) => o.OnReconnecting = v,
            doc: "called before each reconnect"),
        s.Row(nameof(OnResumed), CoderSettingTypes.Callback<Action<CoderStreamResumed>?>(), o => o.OnResumed, (o, v) => o.OnResumed = v,
            doc: "called when a reconnect has opened its connection again"),
        s.Row(nameof(CloseTimeout), CoderSettingTypes.Duration, o => o.CloseTimeout, (o, v) => o.CloseTimeout = v,
            doc: "how long a closing stream waits for the server's close acknowledgement"),
        s.Row(nameof(AgentLifecyclePollInterval), CoderSettingTypes.Duration, o => o.AgentLifecyclePollInterval, (o, v) => o.AgentLifecyclePollInterval = v,
            doc: "how often a log follow until start-up completes re-reads the agent"),
    ];

    /// <summary>A copy with the same settings.</summary>
    /// <returns>The copy.</returns>
    public CoderStreamOptions Clone() => (CoderStreamOptions)MemberwiseClone();

    /// <summary>Lists what is wrong with these settings; empty when they are usable.</summary>
    /// <returns>One sentence per problem.</returns>
    public IReadOnlyList<string> GetValidationErrors()
    {
        var errors = new List<string>();
        if (KeepAliveInterval < TimeSpan.Zero)
        {
            errors.Add("CoderStreamOptions.KeepAliveInterval must not be negative.");
        }

        if (KeepAliveTimeout < TimeSpan.Zero)
        {
            errors.Add("CoderStreamOptions.KeepAliveTimeout must not be negative.");
        }

        if (IdleTimeout <= TimeSpan.Zero && IdleTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add("CoderStreamOptions.IdleTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("CoderStreamOptions.ConnectTimeout must be positive.");
        }

        if (ReconnectBaseDelay < TimeSpan.Zero || ReconnectMaxDelay < ReconnectBaseDelay)
        {
            errors.Add("CoderStreamOptions.ReconnectBaseDelay must not be negative and ReconnectMaxDelay must not be smaller.");
        }

        if (MaxReconnectAttempts < 0)
        {
            errors.Add("CoderStreamOptions.MaxReconnectAttempts must not be negative.");
        }

        if (BufferCapacity < 1)
        {
            errors.Add("CoderStreamOptions.BufferCapacity must be at least 1.");
        }

        if (MaxMessageBytes < 1024)
        {
            errors.Add("CoderStreamOptions.MaxMessageBytes must be at least 1024.");
        }

        if (MessageTimeout is { } messageTimeout && messageTimeout <= TimeSpan.Zero && messageTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add("CoderStreamOptions.MessageTimeout must be positive or Timeout.InfiniteTimeSpan (or unset, to follow IdleTimeout).");
        }

        if (CloseTimeout < TimeSpan.Zero || AgentLifecyclePollInterval <= TimeSpan.Zero)
        {
            errors.Add("CoderStreamOptions.CloseTimeout must not be negative and AgentLifecyclePollInterval must be positive.");
        }

        return errors;
    }
}
