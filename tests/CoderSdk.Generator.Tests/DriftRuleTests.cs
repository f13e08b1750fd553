using CoderSdk.Generator.Model;

namespace CoderSdk.Generator.Tests;

/// <summary>
/// Hostile specs, one per drift rule (docs/generator.md, "Drift rules"): the generator never stops on drift; it warns,
/// naming the entry, and generates a deterministic fallback that still compiles.
/// </summary>
public sealed class DriftRuleTests
{
    private const string Ok = """{ "200": { "description": "OK" } }""";

    private const string ThingDefinition = """
        "codersdk.Thing": { "type": "object", "properties": { "id": { "type": "string", "format": "uuid" } } }
        """;

    /// <summary>A Swagger 2.0 document with the given paths and definitions (JSON object bodies).</summary>
    private static string Spec(string paths, string definitions = ThingDefinition, string basePath = "/") => $$"""
        {
          "swagger": "2.0",
          "basePath": "{{basePath}}",
          "paths": { {{paths}} },
          "definitions": { {{definitions}} }
        }
        """;

    private static string Get(string operationId, string tag = "Things", string parameters = "", string responses = Ok) => $$"""
        { "operationId": "{{operationId}}", "tags": ["{{tag}}"], "produces": ["application/json"], "parameters": [{{parameters}}], "responses": {{responses}} }
        """;

    private static string Returns(string schema) => $$"""{ "200": { "description": "OK", "schema": {{schema}} } }""";

    private static GeneratedApi Generate(string spec, string overrides = "{}") => CodeGenerator.Generate(spec, string.Empty, overrides);

    private static OperationModel Operation(GeneratedApi api, string key) => Assert.Single(api.Operations, o => o.Spec.Key == key);

    private static PropertyModel Property(GeneratedApi api, string type, string json) =>
        Assert.Single(Assert.Single(api.Types, t => t.Name == type).Properties, p => p.JsonName == json);

    [Fact]
    public void Generate_ReferenceToAMissingDefinition_TypesItAsJsonElement()
    {
        var spec = Spec(
            $$""" "/api/v2/things": { "get": {{Get("list-things", responses: Returns("""{ "$ref": "#/definitions/codersdk.Gone" }"""))}} } """,
            """ "codersdk.Thing": { "type": "object", "properties": { "gone": { "$ref": "#/definitions/codersdk.Missing" } } } """);

        var api = Generate(spec);

        Assert.Contains("codersdk.Thing.gone refers to the definition 'codersdk.Missing', which the spec does not have; it is typed as JsonElement (untyped JSON).", api.Warnings);
        Assert.Contains("GET /api/v2/things response refers to the definition 'codersdk.Gone', which the spec does not have; it is typed as JsonElement (untyped JSON).", api.Warnings);
        var gone = Property(api, "Thing", "gone");
        Assert.Equal(PrimitiveType.Json, gone.Type);
        Assert.True(gone.Nullable);
        Assert.Contains("public JsonElement? Gone {", api.Files["Models/Thing.cs"], StringComparison.Ordinal);
        Assert.Contains("Task<JsonElement> ListThingsAsync(", api.Files["Apis/ThingsApi.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoRoutesWithOneOperationId_AppendsTheHttpMethod()
    {
        var spec = Spec($$"""
            "/api/v2/things/{thing}/share": {
              "parameters": [ { "name": "thing", "in": "path", "required": true, "type": "string", "format": "uuid" } ],
              "get": {{Get("get-thing-share")}},
              "delete": {{Get("get-thing-share")}}
            }
            """);

        var api = Generate(spec);

        Assert.Contains(
            "Several operations get the method name Things.GetThingShareAsync: DELETE /api/v2/things/{thing}/share is GetThingShareDeleteAsync, " +
            "GET /api/v2/things/{thing}/share is GetThingShareGetAsync. Name them in the overrides.",
            api.Warnings);
        Assert.Equal("GetThingShareGetAsync", Operation(api, "GET /api/v2/things/{thing}/share").Name);
        Assert.Equal("GetThingShareDeleteAsync", Operation(api, "DELETE /api/v2/things/{thing}/share").Name);
        var source = api.Files["Apis/ThingsApi.cs"];
        Assert.Contains("[global::Refit.Get(\"/api/v2/things/{thing}/share\")]", source, StringComparison.Ordinal);
        Assert.Contains(" GetThingShareGetAsync(Guid thing, ", source, StringComparison.Ordinal);
        Assert.Contains(" GetThingShareDeleteAsync(Guid thing, ", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ThreeRoutesWithOneNameAndMethod_NumbersAfterTheMethod()
    {
        var spec = Spec($$"""
            "/api/v2/a": { "get": {{Get("get-thing")}} },
            "/api/v2/b": { "get": {{Get("get-thing")}} },
            "/api/v2/c": { "get": {{Get("get-thing")}} }
            """);

        var api = Generate(spec);

        Assert.Equal(
            ["GetThingGetAsync", "GetThingGet2Async", "GetThingGet3Async"],
            new[] { "GET /api/v2/a", "GET /api/v2/b", "GET /api/v2/c" }.Select(k => Operation(api, k).Name));
        Assert.Single(api.Warnings, w => w.StartsWith("Several operations get the method name Things.GetThingAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_PathsWithoutThePrefixAndABasePath_PutTheBasePathInFront()
    {
        var spec = Spec(
            $$""" "/things": { "get": {{Get("list-things")}} }, "/api/experimental/chats": { "get": {{Get("list-chats", tag: "Chats")}} } """,
            basePath: "/api/v2");

        var api = Generate(spec, """{ "routesOutsideBasePath": ["/api/"] }""");

        Assert.Empty(api.Warnings);
        Assert.Equal(["GET /api/experimental/chats", "GET /api/v2/things"], api.Operations.Select(o => o.Spec.Key).Order(StringComparer.Ordinal));
        Assert.Contains("[global::Refit.Get(\"/api/v2/things\")]", api.Files["Apis/ThingsApi.cs"], StringComparison.Ordinal);
        Assert.Contains("[global::Refit.Get(\"/api/experimental/chats\")]", api.Files["Apis/ChatsApi.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_UnknownFormat_UsesTheBaseTypeAndWarns()
    {
        var spec = Spec(
            $$""" "/api/v2/things": { "get": {{Get("list-things", parameters: """{ "name": "since", "in": "query", "type": "string", "format": "weird" }""")}} } """,
            """ "codersdk.Thing": { "type": "object", "properties": { "code": { "type": "string", "format": "weird" }, "count": { "type": "integer", "format": "int99" } } } """);

        var api = Generate(spec);

        Assert.Contains("codersdk.Thing.code has the unknown format 'weird'; it is typed by its type (string) alone.", api.Warnings);
        Assert.Contains("codersdk.Thing.count has the unknown format 'int99'; it is typed by its type (integer) alone.", api.Warnings);
        Assert.Contains("GET /api/v2/things query parameter since has the unknown format 'weird'; it is typed by its type (string) alone.", api.Warnings);
        Assert.Equal(PrimitiveType.String, Property(api, "Thing", "code").Type);
        Assert.Equal(PrimitiveType.Long, Property(api, "Thing", "count").Type);
        Assert.Equal(PrimitiveType.String, Assert.Single(Operation(api, "GET /api/v2/things").Parameters).Type);
    }

    [Fact]
    public void Generate_EnterpriseRouteWithoutPrefixRule_UsesTheAreaOfItsFirstSegmentOrEnterprise()
    {
        var spec = Spec($$"""
            "/api/v2/organizations": { "get": {{Get("list-organizations", tag: "Organizations")}} },
            "/api/v2/organizations/{organization}/ai/spend/export": { "get": {{Get("export-organization-ai-spend", tag: "Enterprise",
                parameters: """{ "name": "organization", "in": "path", "required": true, "type": "string", "format": "uuid" }""")}} },
            "/api/experimental/ai/model-prices": { "get": {{Get("list-ai-model-prices", tag: "Enterprise")}} },
            "/api/v2/licenses": { "get": {{Get("list-licenses", tag: "Enterprise")}} }
            """);

        var api = Generate(spec, """{ "splitRoutes": [ { "prefix": "/api/v2/licenses", "area": "Licenses" } ] }""");

        Assert.Equal(
            [
                "GET /api/experimental/ai/model-prices has the tag Enterprise and no splitRoutes prefix matches it; it is in the area Enterprise. Add a splitRoutes rule.",
                "GET /api/v2/organizations/{organization}/ai/spend/export has the tag Enterprise and no splitRoutes prefix matches it; it is in the area Organizations. Add a splitRoutes rule.",
            ],
            api.Warnings);
        Assert.Equal("Organizations", Operation(api, "GET /api/v2/organizations/{organization}/ai/spend/export").Area);
        Assert.Equal("Enterprise", Operation(api, "GET /api/experimental/ai/model-prices").Area);
        Assert.Equal("Licenses", Operation(api, "GET /api/v2/licenses").Area);
        Assert.Contains(" ExportOrganizationAiSpendAsync(CoderOrganization organization, ", api.Files["Apis/OrganizationsApi.cs"], StringComparison.Ordinal);
        Assert.Contains("IEnterpriseApi Enterprise", api.Files["CoderClient.Apis.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_StaleOperationOverrides_AreIgnoredWithAWarning()
    {
        var spec = Spec($$"""
            "/api/v2/things": {
              "get": {{Get("list-things", parameters: """{ "name": "q", "in": "query", "type": "string" }, { "name": "limit", "in": "query", "type": "integer" }""")}},
              "post": {{Get("create-thing", parameters: """{ "name": "q", "in": "query", "type": "string" }""")}}
            }
            """);
        const string overrides = """
            {
              "operations": {
                "GET /api/v2/things": {
                  "parameterOrder": ["gone", "limit"],
                  "parameters": { "q": { "type": "enum:codersdk.Gone" }, "limit": { "type": "decimal" } },
                  "response": "json:codersdk.Missing[]"
                },
                "POST /api/v2/things": { "requestBody": "codersdk.Absent", "response": "xml" }
              }
            }
            """;

        var api = Generate(spec, overrides);

        Assert.Equal(
            [
                "The override operations:GET /api/v2/things parameter type 'enum:codersdk.Gone' names the definition 'codersdk.Gone', which the spec does not have; the entry is ignored.",
                "GET /api/v2/things: unknown parameter type fix 'decimal'; the fix is ignored.",
                "The override operations:GET /api/v2/things parameterOrder names 'gone', which the operation does not have; skipped.",
                "The override operations:GET /api/v2/things response 'json:codersdk.Missing[]' names the definition 'codersdk.Missing', which the spec does not have; the entry is ignored.",
                "The override operations:POST /api/v2/things requestBody names the definition 'codersdk.Absent', which the spec does not have; the entry is ignored.",
                "POST /api/v2/things: unknown response fix 'xml'; the fix is ignored.",
            ],
            api.Warnings);
        var list = Operation(api, "GET /api/v2/things");
        Assert.Equal(["limit", "q"], list.Parameters.Select(p => p.WireName));
        Assert.Equal([PrimitiveType.Long, PrimitiveType.String], list.Parameters.Select(p => p.Type));
        Assert.Equal(ResponseKind.None, list.Response.Kind);
        var create = Operation(api, "POST /api/v2/things");
        Assert.Equal(["q"], create.Parameters.Select(p => p.WireName));
        Assert.Equal(ResponseKind.None, create.Response.Kind);
    }

    [Fact]
    public void Generate_ParameterOrderPuttingOptionalFirst_IsIgnored()
    {
        var spec = Spec($$"""
            "/api/v2/things": { "get": {{Get("list-things", parameters: """{ "name": "q", "in": "query", "type": "string" }, { "name": "id", "in": "query", "required": true, "type": "string" }""")}} }
            """);

        var api = Generate(spec, """{ "operations": { "GET /api/v2/things": { "parameterOrder": ["q"] } } }""");

        Assert.Contains("The override operations:GET /api/v2/things parameterOrder puts an optional parameter before a required one; the order is ignored.", api.Warnings);
        Assert.Equal(["id", "q"], Operation(api, "GET /api/v2/things").Parameters.Select(p => p.WireName));
    }

    [Fact]
    public void Generate_StalePropertyOverrides_AreIgnoredWithAWarning()
    {
        var spec = Spec(
            $$""" "/api/v2/things": { "get": {{Get("list-things", responses: Returns("""{ "$ref": "#/definitions/codersdk.Thing" }"""))}} } """,
            """ "codersdk.Thing": { "type": "object", "properties": { "blob": { "type": "string" }, "wait": { "type": "integer" }, "label": { "type": "string" } } } """);
        const string overrides = """
            { "properties": { "codersdk.Thing.blob": { "type": "yaml" }, "codersdk.Thing.wait": { "duration": "fortnights" }, "codersdk.Thing.label": { "duration": "ns" } } }
            """;

        var api = Generate(spec, overrides);

        Assert.Equal(
            [
                "The override properties:codersdk.Thing.blob has the unknown type fix 'yaml' (use base64 or json); the fix is ignored.",
                "The override properties:codersdk.Thing.wait has the unknown duration unit 'fortnights' (use ns, us, ms or s); the unit is ignored.",
                "The override properties:codersdk.Thing.label declares a duration, but the property is not numeric (string); the unit is ignored.",
            ],
            api.Warnings);
        Assert.Equal(PrimitiveType.String, Property(api, "Thing", "blob").Type);
        Assert.Null(Property(api, "Thing", "wait").Duration);
        Assert.Equal("Wait", Property(api, "Thing", "wait").Name);
        Assert.Null(Property(api, "Thing", "label").Duration);
    }

    [Fact]
    public void Generate_UnsupportedSchemas_AreJsonElements()
    {
        var spec = Spec(
            $$"""
            "/api/v2/things": {
              "get": {{Get("list-things", responses: Returns("""{ "type": "object", "properties": { "n": { "type": "integer" } } }"""))}},
              "post": {{Get("create-thing", parameters: """{ "name": "request", "in": "body", "required": true, "schema": { "$ref": "other.json#/definitions/Thing" } }""")}}
            }
            """,
            """
            "codersdk.Thing": { "type": "object", "properties": { "mixed": { "allOf": [ { "$ref": "#/definitions/codersdk.Base" }, { "type": "object", "properties": { "x": { "type": "string" } } } ] } } },
            "codersdk.Base": { "type": "object", "properties": { "id": { "type": "string" } } },
            "codersdk.Combined": { "allOf": [ { "$ref": "#/definitions/codersdk.Base" }, { "$ref": "#/definitions/codersdk.Thing" } ] }
            """);

        var api = Generate(spec);

        Assert.Equal(
            [
                "The definition codersdk.Combined: an allOf with 2 members is not supported; it is typed as JsonElement (untyped JSON).",
                "codersdk.Thing.mixed: an allOf with 2 members is not supported; it is typed as JsonElement (untyped JSON).",
                "GET /api/v2/things response is an inline object, and only definitions are supported here; it is typed as JsonElement (untyped JSON).",
                "POST /api/v2/things body: the reference other.json#/definitions/Thing is not a local #/definitions/ reference; it is typed as JsonElement (untyped JSON).",
            ],
            api.Warnings);
        Assert.Equal(PrimitiveType.Json, Property(api, "Thing", "mixed").Type);
        Assert.Contains(api.Aliases, a => a.Key == "codersdk.Combined" && a.Value.StartsWith("JsonElement?", StringComparison.Ordinal));
        Assert.Equal(PrimitiveType.Json, Operation(api, "GET /api/v2/things").Response.Type);
        Assert.Equal(PrimitiveType.Json, Assert.Single(Operation(api, "POST /api/v2/things").Parameters).Type);
        Assert.Contains("Task<JsonElement> ListThingsAsync(", api.Files["Apis/ThingsApi.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_OperationWithoutSuccessStatus_AssumesOk()
    {
        var spec = Spec($$""" "/api/v2/things": { "post": {{Get("poke-things", responses: """{ "400": { "description": "Bad" } }""")}} } """);

        var api = Generate(spec);

        Assert.Contains("POST /api/v2/things documents no success status; the method accepts 200 and does not read the body. Fix it in the overrides.", api.Warnings);
        var poke = Operation(api, "POST /api/v2/things");
        Assert.Equal([200], poke.Statuses);
        Assert.Equal(ResponseKind.None, poke.Response.Kind);
        Assert.Contains("Task PokeThingsAsync(", api.Files["Apis/ThingsApi.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_CookieParameter_LeavesTheOperationOut()
    {
        var spec = Spec($$"""
            "/api/v2/things": {
              "get": {{Get("list-things", parameters: """{ "name": "session", "in": "cookie", "type": "string" }""")}},
              "post": {{Get("create-thing")}}
            }
            """);

        var api = Generate(spec);

        Assert.Contains("GET /api/v2/things is left out: has the parameter 'session' in 'cookie', which the generator does not support.", api.Warnings);
        Assert.DoesNotContain(api.Operations, o => o.Spec.Key == "GET /api/v2/things");
        var excluded = Assert.Single(api.Excluded);
        Assert.Equal("GET /api/v2/things", excluded.Spec.Key);
        Assert.Contains("| GET | `/api/v2/things` | list-things | Has the parameter 'session' in 'cookie', which the generator does not support. |", api.Coverage, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_TwoDefinitionsWithOneCSharpName_NumbersTheSecond()
    {
        var spec = Spec(
            $$""" "/api/v2/things": { "get": {{Get("list-things", responses: Returns("""{ "$ref": "#/definitions/codersdk.thing_x" }"""))}} } """,
            """
            "codersdk.ThingX": { "type": "object", "properties": { "a": { "type": "string" } } },
            "codersdk.thing_x": { "type": "object", "properties": { "b": { "type": "string" } } }
            """);

        var api = Generate(spec);

        Assert.Contains("Several definitions get the C# name ThingX (codersdk.ThingX, codersdk.thing_x): codersdk.ThingX keeps it, codersdk.thing_x is ThingX2. Name them in the overrides' typeNames.", api.Warnings);
        Assert.Contains("Models/ThingX.cs", api.Files.Keys);
        Assert.Contains("public sealed partial record ThingX2", api.Files["Models/ThingX2.cs"], StringComparison.Ordinal);
        Assert.Contains("Task<ThingX2> ListThingsAsync(", api.Files["Apis/ThingsApi.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ModelNamedLikeAListsJsonMetadata_IsNumbered()
    {
        var spec = Spec(
            $$""" "/api/v2/things": { "get": {{Get("list-things", responses: Returns("""{ "type": "array", "items": { "$ref": "#/definitions/codersdk.Thing" } }"""))}} } """,
            ThingDefinition + """, "codersdk.ThingList": { "type": "object", "properties": { "count": { "type": "integer" } } } """);

        var api = Generate(spec);

        Assert.Contains("The JSON metadata name ThingList for IReadOnlyList<Thing> is also the name of the model codersdk.ThingList; the model is ThingList2. Name it in the overrides' typeNames.", api.Warnings);
        var context = api.Files["Json/CoderJsonContext.Models.cs"];
        Assert.Contains("[JsonSerializable(typeof(ThingList2))]", context, StringComparison.Ordinal);
        Assert.Contains("[JsonSerializable(typeof(IReadOnlyList<Thing>), TypeInfoPropertyName = \"ThingList\")]", context, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_RouteSegmentWithoutPathParameterAndClashingNames_AreFixedUp()
    {
        var spec = Spec($$"""
            "/api/v2/things/{thing}": { "get": {{Get("get-thing", parameters: """{ "name": "name", "in": "query", "type": "string" }, { "name": "Name", "in": "header", "type": "string" }""")}} }
            """);

        var api = Generate(spec);

        Assert.Contains("GET /api/v2/things/{thing}: the route names {thing} but no path parameter does; the method takes it as a string.", api.Warnings);
        Assert.Contains("GET /api/v2/things/{thing}: parameter names clash; Name (Header) is name2. Rename them in the overrides.", api.Warnings);
        var get = Operation(api, "GET /api/v2/things/{thing}");
        Assert.Equal(["thing", "name", "name2"], get.Parameters.Select(p => p.Name));
        Assert.Equal(PrimitiveType.String, get.Parameters[0].Type);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "openapi": "3.0.0", "paths": {} }""")]
    [InlineData("""{ "swagger": "2.0" }""")]
    public void Generate_UnreadableSpec_StillThrows(string spec)
    {
        var error = Record.Exception(() => Generate(spec));

        Assert.True(error is GeneratorException or System.Text.Json.JsonException, error?.GetType().Name);
    }
}
