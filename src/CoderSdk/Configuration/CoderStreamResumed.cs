namespace CoderSdk.Configuration;

/// <summary>What <see cref="CoderStreamOptions.OnResumed"/> is told once a reconnect has opened its connection.</summary>
public sealed class CoderStreamResumed
{
    internal CoderStreamResumed(string streamName, int attempt)
    {
        StreamName = streamName;
        Attempt = attempt;
    }

    /// <summary>The stream's method and route template, e.g. <c>GET /api/v2/workspaces/{workspace}/watch-ws</c>.</summary>
    public string StreamName { get; }

    /// <summary>The <see cref="CoderStreamReconnecting.Attempt"/> that got through.</summary>
    public int Attempt { get; }

    /// <summary>Describes the resume.</summary>
    /// <returns>The stream and the attempt that got through.</returns>
    public override string ToString() => $"{StreamName}: resumed after reconnect {Attempt}";
}
