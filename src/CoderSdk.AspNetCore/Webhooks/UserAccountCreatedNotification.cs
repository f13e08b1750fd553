namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>An account was created (sent to user administrators).</summary>
public sealed class UserAccountCreatedNotification : CoderNotification, ICoderNotificationTemplate<UserAccountCreatedNotification>
{
    private UserAccountCreatedNotification(CoderWebhookMessage message) : base(message)
    {
    }

    /// <inheritdoc />
    public static Guid TemplateId => CoderNotificationTemplates.UserAccountCreated;

    /// <summary>The new account's username (label <c>created_account_name</c>).</summary>
    public string? AccountUsername => Label("created_account_name");

    /// <summary>The new account's display name (label <c>created_account_user_name</c>).</summary>
    public string? AccountName => Label("created_account_user_name");

    /// <summary>Who created it (label <c>initiator</c>).</summary>
    public string? Initiator => Label("initiator");

    /// <summary><c>user</c> or <c>service</c> (label <c>account_type</c>).</summary>
    public string? AccountType => Label("account_type");

    /// <summary>The account (data <c>user</c>), or null.</summary>
    public CoderNotificationUser? Account => DataUser();

    /// <inheritdoc />
    public static UserAccountCreatedNotification FromMessage(CoderWebhookMessage message) => new(message);
}
