namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>
/// The ids of coderd's notification templates (<see cref="CoderNotificationPayload.NotificationTemplateId"/>), taken
/// from coderd's source. A deployment may send templates this list does not know; their messages still arrive.
/// </summary>
public static class CoderNotificationTemplates
{
    /// <summary>A workspace was created.</summary>
    public static readonly Guid WorkspaceCreated = new("281fdf73-c6d6-4cbb-8ff5-888baf8a2fff");

    /// <summary>A workspace was updated to a new template version by hand.</summary>
    public static readonly Guid WorkspaceManuallyUpdated = new("d089fe7b-d5c5-4c0c-aaf5-689859f7d392");

    /// <summary>A workspace was deleted by someone other than its owner, or automatically (<see cref="WorkspaceDeletedNotification"/>).</summary>
    public static readonly Guid WorkspaceDeleted = new("f517da0b-cdc9-410f-ab89-a86107c420ed");

    /// <summary>An automatic start or stop of a workspace failed (<see cref="WorkspaceAutobuildFailedNotification"/>).</summary>
    public static readonly Guid WorkspaceAutobuildFailed = new("381df2a9-c0c0-4749-420f-80a9280c66f9");

    /// <summary>A workspace was marked dormant (<see cref="WorkspaceDormantNotification"/>).</summary>
    public static readonly Guid WorkspaceDormant = new("0ea69165-ec14-4314-91f1-69566ac3c5a0");

    /// <summary>A workspace was moved to a new template version on start.</summary>
    public static readonly Guid WorkspaceAutoUpdated = new("c34a0c09-0704-4cac-bd1c-0c0146811c2b");

    /// <summary>A dormant workspace was scheduled for deletion.</summary>
    public static readonly Guid WorkspaceMarkedForDeletion = new("51ce2fdf-c9ca-4be1-8d70-628674f9bc42");

    /// <summary>A workspace is about to stop automatically.</summary>
    public static readonly Guid WorkspaceAutostopReminder = new("6f6cb984-c167-4fa5-bb87-1058dd642779");

    /// <summary>A build someone started by hand failed; sent to template administrators (<see cref="WorkspaceManualBuildFailedNotification"/>).</summary>
    public static readonly Guid WorkspaceManualBuildFailed = new("2faeee0f-26cb-4e96-821c-85ccb9f71513");

    /// <summary>A workspace's memory use crossed its monitor's threshold (<see cref="WorkspaceOutOfMemoryNotification"/>).</summary>
    public static readonly Guid WorkspaceOutOfMemory = new("a9d027b4-ac49-4fb1-9f6d-45af15f64e7a");

    /// <summary>Volumes of a workspace crossed their monitors' thresholds (<see cref="WorkspaceOutOfDiskNotification"/>).</summary>
    public static readonly Guid WorkspaceOutOfDisk = new("f047f6a3-5713-40f7-85aa-0394cce9fa3a");

    /// <summary>An account was created; sent to user administrators (<see cref="UserAccountCreatedNotification"/>).</summary>
    public static readonly Guid UserAccountCreated = new("4e19c0ac-94e1-4532-9515-d1801aa283b2");

    /// <summary>An account was deleted; sent to user administrators.</summary>
    public static readonly Guid UserAccountDeleted = new("f44d9314-ad03-4bc8-95d0-5cad491da6b6");

    /// <summary>An account was suspended; sent to user administrators (<see cref="UserAccountSuspendedNotification"/>).</summary>
    public static readonly Guid UserAccountSuspended = new("b02ddd82-4733-4d02-a2d7-c36f3598997d");

    /// <summary>An account was activated again; sent to user administrators.</summary>
    public static readonly Guid UserAccountActivated = new("9f5af851-8408-4e73-a7a1-c6502ba46689");

    /// <summary>The recipient's own account was suspended.</summary>
    public static readonly Guid YourAccountSuspended = new("6a2f0609-9b69-4d36-a989-9f5925b6cbff");

    /// <summary>The recipient's own account was activated again.</summary>
    public static readonly Guid YourAccountActivated = new("1a6a6bea-ee0a-43e2-9e7c-eabdb53730e4");

    /// <summary>A one-time passcode to reset a password.</summary>
    public static readonly Guid UserRequestedOneTimePasscode = new("62f86a30-2330-4b61-a26d-311ff3b608cf");

    /// <summary>A template was deleted (<see cref="TemplateDeletedNotification"/>).</summary>
    public static readonly Guid TemplateDeleted = new("29a09665-2a4c-403f-9648-54301670e7be");

    /// <summary>A template was deprecated.</summary>
    public static readonly Guid TemplateDeprecated = new("f40fae84-55a2-42cd-99fa-b41c1ca64894");

    /// <summary>The periodic report of failed workspace builds.</summary>
    public static readonly Guid WorkspaceBuildsFailedReport = new("34a20db2-e9cc-4a93-b0e4-8569699d7a00");

    /// <summary>A prebuilt workspace's resource was replaced when it was claimed.</summary>
    public static readonly Guid WorkspaceResourceReplaced = new("89d9745a-816e-4695-a17f-3d0a229e2b8d");

    /// <summary>A template preset's prebuilds failed too often and were paused.</summary>
    public static readonly Guid PrebuildFailureLimitReached = new("414d9331-c1fc-4761-b40c-d1f4702279eb");

    /// <summary>The test notification an administrator sends from the deployment settings.</summary>
    public static readonly Guid TestNotification = new("c425f63e-716a-4bf4-ae24-78348f706c3f");

    /// <summary>A notification with a custom message.</summary>
    public static readonly Guid CustomNotification = new("39b1e189-c857-4b0c-877a-511144c18516");

    /// <summary>A task started working.</summary>
    public static readonly Guid TaskWorking = new("bd4b7168-d05e-4e19-ad0f-3593b77aa90f");

    /// <summary>A task became idle.</summary>
    public static readonly Guid TaskIdle = new("d4a6271c-cced-4ed0-84ad-afd02a9c7799");

    /// <summary>A task completed.</summary>
    public static readonly Guid TaskCompleted = new("8c5a4d12-9f7e-4b3a-a1c8-6e4f2d9b5a7c");

    /// <summary>A task failed.</summary>
    public static readonly Guid TaskFailed = new("3b7e8f1a-4c2d-49a6-b5e9-7f3a1c8d6b4e");
}
