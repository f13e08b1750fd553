using CoderSdk.Generator.Spec;

namespace CoderSdk.Generator.Tests;

public sealed class SpecReaderTests
{
    private const string DeploymentDocument = """
        {
          "swagger": "2.0",
          "basePath": "/api/v2",
          "paths": {
            "/": { "get": { "operationId": "root", "responses": { "200": { "description": "OK" } } } },
            "/workspaces": { "get": { "operationId": "list", "responses": { "200": { "description": "OK" } } } },
            "/oauth2/tokens": { "post": { "operationId": "token", "responses": { "200": { "description": "OK" } } } },
            "/api/experimental/chats": { "get": { "operationId": "chats", "responses": { "200": { "description": "OK" } } } }
          },
          "definitions": {}
        }
        """;

    [Fact]
    public void Read_DeploymentDocumentWithBasePath_PrefixesRoutesServedUnderIt()
    {
        var spec = SpecReader.Read(DeploymentDocument, ["/api/", "/oauth2/"]);

        Assert.Equal(
            ["GET /api/experimental/chats", "GET /api/v2/", "GET /api/v2/workspaces", "POST /oauth2/tokens"],
            spec.Operations.Select(o => o.Key));
    }

    [Fact]
    public void Read_ParametersAtPathLevel_ApplyToEveryOperationUnlessOverridden()
    {
        const string json = """
            {
              "swagger": "2.0",
              "paths": {
                "/things/{id}": {
                  "parameters": [ { "name": "id", "in": "path", "required": true, "type": "string", "format": "uuid" } ],
                  "get": { "operationId": "get", "responses": { "200": { "description": "OK" } } },
                  "delete": { "operationId": "delete", "parameters": [ { "name": "id", "in": "path", "required": true, "type": "integer" } ], "responses": { "204": { "description": "No Content" } } }
                }
              },
              "definitions": {}
            }
            """;

        var spec = SpecReader.Read(json);

        Assert.Equal("uuid", Assert.Single(spec.Operations.Single(o => o.Method == "GET").Parameters).Schema.Format);
        Assert.Equal("integer", Assert.Single(spec.Operations.Single(o => o.Method == "DELETE").Parameters).Schema.Type);
    }
}
