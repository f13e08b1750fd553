namespace CoderSdk.AspNetCore.Webhooks;

/// <summary>A volume that crossed its disk-usage threshold.</summary>
/// <param name="Path">The volume's mount path in the workspace.</param>
/// <param name="Threshold">The threshold as coderd formats it, e.g. <c>90%</c>.</param>
public sealed record CoderOutOfDiskVolume(string Path, string Threshold);
