using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Tests;

/// <summary>What the generator decides for the hand-made spec, checked fact by fact (the golden files show the text).</summary>
public sealed class MiniSpecTests
{
    private static readonly GeneratedApi Api = GoldenTests.GenerateMini();

    private static TypeModel Type(string name) => Assert.Single(Api.Types, t => t.Name == name);

    private static PropertyModel Property(string type, string json) => Assert.Single(Type(type).Properties, p => p.JsonName == json);

    private static OperationModel Operation(string key) => Assert.Single(Api.Operations, o => o.Spec.Key == key);

    [Fact]
    public void Generate_EnterpriseTag_SplitsOperationsByRoutePrefix()
    {
        Assert.Equal("Licenses", Operation("GET /api/v2/licenses").Area);
        Assert.Equal("Gadgets", Operation("GET /api/v2/gadgets/{gadget}").Area);
        Assert.DoesNotContain(Api.Areas, a => a.Key == "Enterprise");
    }

    [Fact]
    public void Generate_TagWithAreaOverride_UsesTheOverriddenArea()
    {
        Assert.All(Api.Operations.Where(o => o.Spec.Tag == "Widgets"), o => Assert.Equal("Gizmos", o.Area));
    }

    [Fact]
    public void Generate_StringEnum_StripsTheTypeNameFromMemberNames()
    {
        var color = Type("Color");
        Assert.True(color.IsEnum);
        Assert.Equal(["Red", "Green", "DarkBlue"], color.Members.Select(m => m.Name));
        Assert.Equal(["red", "green", "dark-blue"], color.Members.Select(m => m.Value));
    }

    [Theory]
    [InlineData("deleted_at", true)]
    [InlineData("size", true)]
    [InlineData("password", true)]
    [InlineData("owner_id", true)]
    [InlineData("metadata", true)]
    [InlineData("name", false)]
    [InlineData("created_at", false)]
    [InlineData("tags", false)]
    public void Generate_NullabilityFile_DecidesWhichPropertiesAreNullable(string json, bool nullable)
    {
        Assert.Equal(nullable, Property("Widget", json).Nullable);
    }

    [Fact]
    public void Generate_DefinitionMissingFromNullabilityFile_MakesEveryPropertyNullable()
    {
        Assert.All(Type("Settings").Properties, p => Assert.True(p.Nullable, p.JsonName));
    }

    [Fact]
    public void Generate_ArraysAndMaps_BecomeReadOnlyCollections()
    {
        Assert.Equal("IReadOnlyList<string>", Property("Widget", "tags").Type.Render());
        Assert.Equal("IReadOnlyDictionary<string, string>", Property("Widget", "labels").Type.Render());
        Assert.Equal("IReadOnlyDictionary<string, long>", Property("Widget", "stats").Type.Render());
        Assert.Equal("IReadOnlyDictionary<string, bool>", Property("Entitlements", "features").Type.Render());
    }

    [Theory]
    [InlineData("ttl_ms", "TtlMs", "Ttl", "Milliseconds")]
    [InlineData("lifetime_seconds", "LifetimeSeconds", "Lifetime", "Seconds")]
    [InlineData("timeout", "TimeoutNanoseconds", "Timeout", "Nanoseconds")]
    public void Generate_DurationFields_KeepTheWireNumberAndAddATimeSpanView(string json, string wire, string view, string unit)
    {
        var property = Property("Widget", json);
        Assert.Equal(wire, property.Name);
        Assert.Equal(new DurationView(view, Enum.Parse<DurationUnit>(unit)), property.Duration);
    }

    [Fact]
    public void Generate_DurationOnADoubleField_ReadsFractionalMilliseconds()
    {
        Assert.Contains("TimeSpan.FromMilliseconds(value)", Api.Files["Models/Settings.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_Base64Override_MakesAByteArray()
    {
        Assert.Equal("byte[]", Property("Widget", "state").Type.Render());
    }

    [Fact]
    public void Generate_UntypedObjectAndNullUuid_BecomeJsonElementAndNullableGuid()
    {
        Assert.Equal("JsonElement?", Property("Widget", "metadata").Type.Render(nullable: true));
        Assert.Equal("Guid", Property("Widget", "owner_id").Type.Render());
        Assert.DoesNotContain(Api.Types, t => t.SpecName == "uuid.NullUUID");
    }

    [Fact]
    public void Generate_SameNameInTwoPackages_PrefixesTheNonCodersdkOne()
    {
        Assert.Equal("Widget", Assert.Single(Api.Types, t => t.SpecName == "codersdk.Widget").Name);
        Assert.Equal("ToolWidget", Assert.Single(Api.Types, t => t.SpecName == "tools.Widget").Name);
    }

    [Fact]
    public void Generate_InlineObject_GetsTheOverriddenTypeName()
    {
        Assert.Equal("WidgetDimensions", ((NamedType)Property("Widget", "dimensions").Type).Model.Name);
    }

    [Fact]
    public void Generate_RequestModel_MarksOnlySpecRequiredPropertiesRequired()
    {
        var request = Type("CreateWidgetRequest");
        Assert.True(request.IsRequest);
        Assert.Equal(["name"], request.Properties.Where(p => p.Required).Select(p => p.JsonName));
        Assert.DoesNotContain(Type("Widget").Properties, p => p.Required);
    }

    [Fact]
    public void Generate_SecretNames_MaskOnlyThoseProperties()
    {
        Assert.Equal(["password"], Type("Widget").Properties.Where(p => p.Secret).Select(p => p.JsonName));
        Assert.Equal(["api_key"], Type("CreateWidgetRequest").Properties.Where(p => p.Secret).Select(p => p.JsonName));
        Assert.Contains("builder.Append(\", Password = ****\");", Api.Files["Models/Widget.cs"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /api/v2/widgets", "ListAsync")]
    [InlineData("GET /api/v2/widgets/{widget}", "GetAsync")]
    [InlineData("POST /api/v2/widgets", "CreateAsync")]
    [InlineData("DELETE /api/v2/widgets/{widget}", "DeleteAsync")]
    [InlineData("GET /api/v2/widgets/{widget}/logs", "GetLogsAsync")]
    [InlineData("GET /api/v2/widgets/{widget}/archive", "DownloadArchiveAsync")]
    [InlineData("GET /api/v2/licenses", "ListAsync")]
    public void Generate_OperationNames_ComeFromOverridesOrCleanedOperationIds(string key, string name)
    {
        Assert.Equal(name, Operation(key).Name);
    }

    [Fact]
    public void Generate_PathParameters_UseUuidFormatAndOverrides()
    {
        Assert.Equal("Guid", Assert.Single(Operation("GET /api/v2/widgets/{widget}").Parameters, p => p.WireName == "widget").Type.Render());
        Assert.Equal("string", Assert.Single(Operation("DELETE /api/v2/widgets/{widget}").Parameters, p => p.WireName == "widget").Type.Render());
        Assert.Equal("string", Assert.Single(Operation("PUT /api/v2/users/{user}/settings").Parameters, p => p.WireName == "user").Type.Render());
        Assert.Equal("Guid", Assert.Single(Operation("GET /api/v2/gadgets/{gadget}").Parameters, p => p.WireName == "gadget").Type.Render());
    }

    [Fact]
    public void Generate_ParameterOrderOverride_MovesListedParametersFirst()
    {
        Assert.Equal(["limit", "q", "ids", "color"], Operation("GET /api/v2/widgets").Parameters.Select(p => p.WireName));
        var color = Assert.Single(Operation("GET /api/v2/widgets").Parameters, p => p.WireName == "color");
        Assert.Equal("Color", color.Type.Render());
        Assert.Equal(ParameterStyle.QueryCsv, Assert.Single(Operation("GET /api/v2/widgets").Parameters, p => p.WireName == "ids").Style);
    }

    [Fact]
    public void Generate_FollowQueryParameter_IsDroppedWithItsReason()
    {
        var logs = Operation("GET /api/v2/widgets/{widget}/logs");
        Assert.DoesNotContain(logs.Parameters, p => p.WireName == "follow");
        Assert.Equal([new KeyValuePair<string, string>("follow", "opens a stream")], logs.Dropped);
    }

    [Fact]
    public void Generate_StreamsAndUpgrades_AreLeftOutWithAReason()
    {
        Assert.Equal(
            ["GET /api/v2/widgets/{widget}/pty", "GET /api/v2/widgets/{widget}/watch"],
            Api.Excluded.Select(e => e.Spec.Key).Order(StringComparer.Ordinal));
        Assert.All(Api.Excluded, e => Assert.False(string.IsNullOrWhiteSpace(e.Reason)));
        Assert.Contains("| GET | `/api/v2/widgets/{widget}/watch` | watch-widget | a stream |", Api.Coverage, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ExtraStatusOverride_AcceptsBothStatuses()
    {
        var create = Operation("POST /api/v2/widgets");
        Assert.Equal([200, 201], create.Statuses);
        Assert.Equal([201], create.ExtraStatuses);
        Assert.Contains("\"POST\", \"/api/v2/widgets\", CoderResponseKind.Json, \"Widget\", 0, [200, 201]);", Api.Files["Versions/CoderOperations.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_SuccessWithoutBodyNextToJson_ReturnsNullableResult()
    {
        var update = Operation("PUT /api/v2/users/{user}/settings");
        Assert.Equal(ResponseKind.JsonOrNothing, update.Response.Kind);
        Assert.Equal(304, update.Response.EmptyStatus);
        Assert.Equal([200, 304], update.Statuses);
    }

    [Fact]
    public void Generate_NonJsonBody_ReturnsBytes()
    {
        Assert.Equal(ResponseKind.Bytes, Operation("GET /api/v2/widgets/{widget}/archive").Response.Kind);
    }

    [Fact]
    public void Generate_Docs_DoNotCopySpecDescriptions()
    {
        Assert.All(Api.Files.Values, content => Assert.DoesNotContain("Never copied", content, StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_RequestBodyTheSpecLacks_ComesFromAnExtraDefinition()
    {
        var rename = Operation("POST /api/v2/widgets/{widget}/rename");
        var body = Assert.Single(rename.Parameters, p => p.Style == ParameterStyle.Body);
        Assert.Equal("RenameWidgetRequest", body.Type.Render());
        var request = Type("RenameWidgetRequest");
        Assert.False(Property("RenameWidgetRequest", "name").Nullable);
        Assert.True(Property("RenameWidgetRequest", "name").Required);
        Assert.True(Property("RenameWidgetRequest", "reason").Nullable);
        Assert.True(request.IsRequest);
        Assert.Equal(["codersdk.RenameWidgetRequest"], Api.AddedDefinitions);
    }

    [Fact]
    public void Generate_Counts_ReportEveryDefinitionAndOperation()
    {
        Assert.Equal(9, Api.DefinitionCount);
        Assert.Equal(7, Api.GeneratedDefinitionCount);
        Assert.Equal(2, Api.Aliases.Count);
        Assert.Equal(12, Api.Operations.Count + Api.Excluded.Count);
    }
}
