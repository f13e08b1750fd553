// Registrations for the hand-written foundation models; the generator replaces this file.
using System.Text.Json.Serialization;
using CoderSdk.Models;

namespace CoderSdk.Json;

[JsonSerializable(typeof(BuildInfoResponse))]
[JsonSerializable(typeof(User))]
[JsonSerializable(typeof(Workspace))]
[JsonSerializable(typeof(WorkspacesResponse))]
[JsonSerializable(typeof(WorkspaceBuild))]
[JsonSerializable(typeof(ProvisionerJob))]
// Streaming stand-ins (Models/StreamingStandInModels.cs): delete these lines with that file when the generated models land.
// They cannot live in a partial declaration of their own: the System.Text.Json source generator fails when
// [JsonSerializable] attributes are spread over several partial declarations (dotnet/runtime#99669).
[JsonSerializable(typeof(ProvisionerJobLog))]
[JsonSerializable(typeof(WorkspaceAgentLog))]
[JsonSerializable(typeof(WorkspaceAgent))]
[JsonSerializable(typeof(WorkspaceResource))]
[JsonSerializable(typeof(Template))]
[JsonSerializable(typeof(TemplateVersion))]
[JsonSerializable(typeof(CreateWorkspaceBuildRequest))]
[JsonSerializable(typeof(CreateWorkspaceRequest))]
[JsonSerializable(typeof(IReadOnlyList<ProvisionerJobLog>))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceAgentLog>))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceBuild>))]
[JsonSerializable(typeof(IReadOnlyList<Template>))]
// Hand-written for good (Models/AgentMetadataModels.cs, not in the swagger document): the generated registration
// list must carry these two as well.
[JsonSerializable(typeof(WorkspaceAgentMetadata))]
[JsonSerializable(typeof(IReadOnlyList<WorkspaceAgentMetadata>))]
public sealed partial class CoderJsonContext
{
}
