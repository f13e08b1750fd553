using System.Text.Json;
using System.Text.Json.Nodes;
using CoderSdk.Json;
using CoderSdk.Models;

namespace CoderSdk.Tests.Models;

/// <summary>Reading and writing models with the payload shapes real coderd servers send.</summary>
public sealed class ModelRoundTripTests
{
    private const string UserJson = """
        {
          "id": "8c1b7e2a-4d0f-4b6c-9c7e-2f3a1d5e6b70",
          "username": "alice",
          "email": "alice@example.com",
          "created_at": "2025-03-14T09:26:53.589793238Z",
          "updated_at": "2025-03-14T09:26:53Z",
          "last_seen_at": null,
          "status": "active",
          "login_type": "password",
          "organization_ids": null,
          "roles": null,
          "avatar_url": ""
        }
        """;

    private static T Read<T>(string json) => JsonSerializer.Deserialize(json, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)CoderJsonContext.Default.GetTypeInfo(typeof(T))!)!;

    private static string Write<T>(T value) => JsonSerializer.Serialize(value, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)CoderJsonContext.Default.GetTypeInfo(typeof(T))!);

    [Fact]
    public void Deserialize_NullSlicesFromGo_ReadAsEmptyLists()
    {
        var user = Read<User>(UserJson);

        Assert.Empty(user.OrganizationIds);
        Assert.Empty(user.Roles);
    }

    [Fact]
    public void Deserialize_NullMapFromGo_ReadsAsEmptyMap()
    {
        var agent = Read<WorkspaceAgent>("""{"id":"8c1b7e2a-4d0f-4b6c-9c7e-2f3a1d5e6b70","environment_variables":null,"apps":null}""");

        Assert.Empty(agent.EnvironmentVariables);
        Assert.Empty(agent.Apps);
    }

    [Fact]
    public void Deserialize_NullAndPresentTimes_ReadAsNullAndValue()
    {
        var user = Read<User>(UserJson);
        var workspace = Read<Workspace>("""{"deleting_at":null,"dormant_at":"2025-01-02T03:04:05Z"}""");

        Assert.Null(user.LastSeenAt);
        Assert.Null(workspace.DeletingAt);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), workspace.DormantAt);
    }

    [Fact]
    public void Deserialize_NineDigitFractionalSeconds_KeepsTheFirstSevenDigits()
    {
        var user = Read<User>(UserJson);

        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_897_932), user.CreatedAt);
    }

    [Fact]
    public void RoundTrip_UnknownEnumValue_IsKeptUnchanged()
    {
        var build = Read<WorkspaceBuild>("""{"status":"hibernating","transition":"start"}""");

        Assert.Equal("hibernating", build.Status.Value);
        Assert.False(build.Status.IsKnown);
        Assert.True(build.Transition.IsKnown);
        Assert.Equal(WorkspaceTransition.Start, build.Transition);
        Assert.Equal("hibernating", JsonNode.Parse(Write(build))!["status"]!.GetValue<string>());
    }

    [Fact]
    public void RoundTrip_UnknownFields_AreKeptAndWrittenBack()
    {
        var user = Read<User>("""{"id":"8c1b7e2a-4d0f-4b6c-9c7e-2f3a1d5e6b70","username":"alice","future_field":{"nested":[1,2]},"another":"x"}""");

        Assert.NotNull(user.AdditionalProperties);
        Assert.Equal(["another", "future_field"], user.AdditionalProperties!.Keys.Order(StringComparer.Ordinal));
        var written = JsonNode.Parse(Write(user))!;
        Assert.Equal(2, written["future_field"]!["nested"]!.AsArray().Count);
        Assert.Equal("x", written["another"]!.GetValue<string>());
        Assert.Equal("alice", written["username"]!.GetValue<string>());
    }

    [Fact]
    public void Deserialize_ZeroUuid_ReadsAsEmptyGuid()
    {
        var build = Read<WorkspaceBuild>("""{"id":"00000000-0000-0000-0000-000000000000","template_version_preset_id":null}""");

        Assert.Equal(Guid.Empty, build.Id);
        Assert.Null(build.TemplateVersionPresetId);
    }

    [Fact]
    public void Deserialize_NullUuidField_ReadsAsNullableGuid()
    {
        var id = Guid.Parse("0e3a4f52-7c61-4e0b-8a7f-5d6c2b1a9e80");
        var withTask = Read<Workspace>($$"""{"task_id":"{{id}}"}""");
        var withoutTask = Read<Workspace>("""{"task_id":null}""");

        Assert.Equal(id, withTask.TaskId);
        Assert.Null(withoutTask.TaskId);
    }

    [Fact]
    public void Deserialize_MissingTextField_ReadsAsEmptyString()
    {
        var user = Read<User>("""{"id":"8c1b7e2a-4d0f-4b6c-9c7e-2f3a1d5e6b70"}""");

        Assert.Equal(string.Empty, user.Username);
        Assert.Equal(string.Empty, user.Email);
        Assert.Null(user.Name);
    }

    [Fact]
    public void ToString_ModelWithSecret_MasksTheSecretValue()
    {
        var login = new LoginWithPasswordRequest { Email = "alice@example.com", Password = "hunter2-very-secret" };
        var key = new GenerateAPIKeyResponse { Key = "abcdef-0123456789" };

        var text = login.ToString();

        Assert.DoesNotContain("hunter2-very-secret", text, StringComparison.Ordinal);
        Assert.Contains("Password = ****", text, StringComparison.Ordinal);
        Assert.Contains("alice@example.com", text, StringComparison.Ordinal);
        Assert.DoesNotContain("0123456789", key.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_RequestWithSecret_StillSendsTheSecret()
    {
        var login = new LoginWithPasswordRequest { Email = "alice@example.com", Password = "hunter2" };

        Assert.Equal("hunter2", JsonNode.Parse(Write(login))!["password"]!.GetValue<string>());
    }

    [Fact]
    public void Deserialize_MillisecondDuration_ExposesTimeSpanView()
    {
        var workspace = Read<Workspace>("""{"ttl_ms":28800000}""");

        Assert.Equal(28_800_000, workspace.TtlMs);
        Assert.Equal(TimeSpan.FromHours(8), workspace.Ttl);
        Assert.Null(Read<Workspace>("""{"ttl_ms":null}""").Ttl);
    }

    [Fact]
    public void Serialize_NanosecondDurationSetThroughView_WritesGoDuration()
    {
        var request = new CreateTokenRequest { TokenName = "ci", Lifetime = TimeSpan.FromDays(1) };

        Assert.Equal(86_400_000_000_000, JsonNode.Parse(Write(request))!["lifetime"]!.GetValue<long>());
        Assert.Equal(TimeSpan.FromSeconds(90), Read<WorkspaceAgentScript>("""{"timeout":90000000000}""").Timeout);
    }

    [Fact]
    public void Deserialize_SecondsDuration_ExposesTimeSpanView()
    {
        var key = Read<APIKey>("""{"lifetime_seconds":604800}""");

        Assert.Equal(TimeSpan.FromDays(7), key.Lifetime);
    }

    [Fact]
    public void RoundTrip_Base64State_ReadsAndWritesBytes()
    {
        var request = new UpdateWorkspaceBuildStateRequest { State = [1, 2, 3, 250] };

        var json = Write(request);

        Assert.Equal("AQID+g==", JsonNode.Parse(json)!["state"]!.GetValue<string>());
        Assert.Equal([1, 2, 3, 250], Read<UpdateWorkspaceBuildStateRequest>(json).State);
    }

    [Fact]
    public void RoundTrip_RawJsonField_KeepsTheJson()
    {
        var log = Read<AuditLog>("""{"additional_fields":{"reason":"autostart","count":3}}""");

        Assert.Equal(JsonValueKind.Object, log.AdditionalFields!.Value.ValueKind);
        Assert.Equal(3, JsonNode.Parse(Write(log))!["additional_fields"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public void Serialize_OptionalRequestFieldsLeftNull_AreLeftOutOfTheJson()
    {
        var request = new CreateWorkspaceBuildRequest { Transition = WorkspaceTransition.Stop };

        var json = JsonNode.Parse(Write(request))!.AsObject();

        Assert.Equal("stop", json["transition"]!.GetValue<string>());
        Assert.False(json.ContainsKey("template_version_id"));
        Assert.False(json.ContainsKey("rich_parameter_values"));
    }

    [Fact]
    public void Deserialize_EnumAsMapKey_ReadsUnknownKeys()
    {
        var acl = Read<UpdateTemplateACL>("""{"user_perms":{"8c1b7e2a-4d0f-4b6c-9c7e-2f3a1d5e6b70":"use"},"group_perms":{"x":"superuser"}}""");

        Assert.Equal(TemplateRole.Use, acl.UserPerms!.Values.Single());
        Assert.Equal("superuser", acl.GroupPerms!["x"].Value);
    }

    [Fact]
    public void Deserialize_RealisticWorkspace_ReadsNestedBuildAndAgents()
    {
        const string json = """
            {
              "id": "0e3a4f52-7c61-4e0b-8a7f-5d6c2b1a9e80",
              "name": "dev",
              "owner_name": "alice",
              "latest_build": {
                "build_number": 7,
                "status": "running",
                "transition": "start",
                "job": { "status": "succeeded", "completed_at": "2025-03-14T09:26:53.123456789+02:00", "error": null },
                "resources": [ { "agents": [ { "name": "main", "lifecycle_state": "ready", "status": "connected", "environment_variables": {"A":"1"} } ] } ]
              },
              "automatic_updates": "never",
              "ttl_ms": null
            }
            """;

        var workspace = Read<Workspace>(json);

        Assert.Equal("dev", workspace.Name);
        Assert.Equal(7, workspace.LatestBuild.BuildNumber);
        Assert.Equal(WorkspaceStatus.Running, workspace.LatestBuild.Status);
        Assert.Equal(ProvisionerJobStatus.Succeeded, workspace.LatestBuild.Job.Status);
        Assert.Equal(TimeSpan.FromHours(2), workspace.LatestBuild.Job.CompletedAt!.Value.Offset);
        var agent = workspace.LatestBuild.Resources.Single().Agents!.Single();
        Assert.Equal(WorkspaceAgentLifecycle.Ready, agent.LifecycleState);
        Assert.Equal("1", agent.EnvironmentVariables["A"]);
    }
}
