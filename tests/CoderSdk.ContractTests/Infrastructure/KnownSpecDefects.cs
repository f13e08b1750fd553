namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>
/// Operations where the pinned spec contradicts what coderd does, so Prism rejects a request that coderd accepts, or
/// answers in a shape coderd never sends. Each entry names the operation, a fragment of the failure that must still
/// occur (so a fixed spec or a changed SDK shows up as a failure to revisit), and the reason. Every other rejection or
/// unreadable answer is an SDK defect.
/// </summary>
internal static class KnownSpecDefects
{
    private const string NoContentTypes = "No supported content types, but request included a non-empty body";

    private const string NoBodyAccepted = "the operation declares a body but no consumes media type, so Prism accepts no body at all; coderd reads JSON";

    private const string UndocumentedBody =
        "the spec documents no request body, but coderd reads a JSON one (the SDK sends it per the generator's overrides), so Prism accepts no body";

    private const string PhantomOrganization =
        "the spec declares a required path parameter 'organization' that the route does not contain, so no request can satisfy it";

    private static readonly Dictionary<string, (string Failure, string Reason)> Entries = new(StringComparer.Ordinal)
    {
        ["GET /api/v2/settings/idpsync/available-fields"] = ("Request path must have required property 'organization'", PhantomOrganization),
        ["GET /api/v2/settings/idpsync/field-values"] = ("Request path must have required property 'organization'", PhantomOrganization),
        ["POST /api/v2/files"] = (NoContentTypes,
            "the upload is documented as a formData file while consuming application/x-tar; coderd reads the raw tar or zip body, which Prism cannot match to a formData parameter"),
        ["POST /api/experimental/chats/files"] = (NoContentTypes,
            "the operation lists the media types it consumes but declares no body parameter, so Prism accepts no body; coderd reads the raw file"),
        ["POST /oauth2/tokens"] = (NoContentTypes,
            "the operation takes formData parameters but declares no consumes media type; coderd reads application/x-www-form-urlencoded, as OAuth2 requires"),
        ["POST /scim/v2/Users"] = (NoContentTypes, NoBodyAccepted),
        ["PUT /scim/v2/Users/{id}"] = (NoContentTypes, NoBodyAccepted),
        ["PATCH /scim/v2/Users/{id}"] = (NoContentTypes, NoBodyAccepted),
        ["POST /api/v2/external-auth/{externalauth}/device"] = (NoContentTypes, UndocumentedBody),
        ["PUT /api/v2/notifications/inbox/{id}/read-status"] = (NoContentTypes, UndocumentedBody),
        ["PUT /api/v2/notifications/templates/{notification_template}/method"] = (NoContentTypes, UndocumentedBody),
        ["GET /api/v2/users/{user}/roles"] = ("could not be read as UserRoles",
            "the spec documents a User, but coderd answers UserRoles (role names and per-organization role names), as the SDK reads it; Prism's User cannot be read that way"),
        ["POST /api/v2/workspaces/{workspace}/builds"] = ("property state must be array", GoBytes),
        ["PUT /api/v2/workspacebuilds/{workspacebuild}/state"] = ("property state must be array", GoBytes),
    };

    /// <summary>Operations documented as returning an array although coderd returns a single object.</summary>
    private static readonly Dictionary<string, string> SingleObjects = new(StringComparer.Ordinal)
    {
        ["GET /api/v2/templates/{template}/versions/{templateversionname}"] = "coderd returns the one template version with that name",
        ["GET /api/v2/workspaceproxies"] = "coderd returns one RegionsResponse object that lists the proxies",
        ["POST /api/v2/oauth2-provider/apps/{app}/secrets"] = "coderd returns the one secret it created",
        ["GET /api/v2/users/{user}/quiet-hours"] = "coderd returns the user's one quiet-hours schedule",
        ["PUT /api/v2/users/{user}/quiet-hours"] = "coderd returns the user's one quiet-hours schedule",
    };

    private const string GoBytes = "Go []byte is documented as an array of integers, but coderd reads and writes it base64-encoded, as the SDK sends it";

    public static IReadOnlyCollection<string> Operations => Entries.Keys;

    /// <summary>
    /// Why the spec's array is really one object, when it is: the recording handler then hands the SDK the array's
    /// first element, so its model is still checked against the item schema.
    /// </summary>
    public static string? SingleObjectDocumentedAsArray(SpecOperation operation) =>
        SingleObjects.TryGetValue(operation.Key, out var reason) ? $"spec defect: the spec documents an array, {reason}" : null;

    /// <summary>The reason, when the operation is listed and failed the way the entry says.</summary>
    public static string? Explain(SpecOperation operation, string failure) =>
        Entries.TryGetValue(operation.Key, out var entry) && failure.Contains(entry.Failure, StringComparison.Ordinal)
            ? $"spec defect: {entry.Reason} ({failure})"
            : null;
}
