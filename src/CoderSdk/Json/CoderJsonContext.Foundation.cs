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
public sealed partial class CoderJsonContext
{
}
