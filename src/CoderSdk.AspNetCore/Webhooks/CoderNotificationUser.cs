namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>An account a notification is about (the <c>user</c> data entry).</summary>
/// <param name="Id">The user id (empty when coderd did not send one).</param>
/// <param name="Name">The display name (empty when unset).</param>
/// <param name="Email">The e-mail address.</param>
public sealed record CoderNotificationUser(Guid Id, string Name, string Email);
