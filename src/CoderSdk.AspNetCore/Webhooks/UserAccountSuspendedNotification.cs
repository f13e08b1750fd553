namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>An account was suspended (sent to user administrators).</summary>
public sealed class UserAccountSuspendedNotification : CoderNotification, ICoderNotificationTemplate<UserAccountSuspendedNotification>
{
    private UserAccountSuspendedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.UserAccountSuspended;

    /// <summary>The suspended account's username (label <c>suspended_account_name</c>).</summary>
    public string? AccountUsername => Label("suspended_account_name");

    /// <summary>The suspended account's display name (label <c>suspended_account_user_name</c>).</summary>
    public string? AccountName => Label("suspended_account_user_name");

    /// <summary>Who suspended it (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <summary><c>user</c> or <c>service</c> (label <c>account_type</c>).</summary>
    public string? AccountType => Label("account_type");

    /// <summary>The account (data <c>user</c>), or null.</summary>
    public CoderNotificationUser? Account => DataUser();

    /// <inheritdoc />
    public static UserAccountSuspendedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
