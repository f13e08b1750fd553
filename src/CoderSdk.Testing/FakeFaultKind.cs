namespace CoderSdk.Testing;

/// <summary>What a <see cref="FakeFault"/> does to a request.</summary>
public enum FakeFaultKind
{
    /// <summary>Drop the connection without a response; the endpoint does not run.</summary>
    Reset,

    /// <summary>Answer with a status (and headers) of the fault's choosing; the endpoint does not run.</summary>
    Status,

    /// <summary>Wait, then let the endpoint answer normally (a slow coderd).</summary>
    Delay,

    /// <summary>Answer with a redirect; the endpoint does not run.</summary>
    Redirect,

    /// <summary>Run the endpoint, then send its headers and only half of its body before dropping the connection.</summary>
    TruncatedBody,

    /// <summary>Run the endpoint (its effects happen), then drop the connection without a response.</summary>
    ResetAfterActing,

    /// <summary>Run the endpoint (its effects happen), then close the connection cleanly (FIN, no response), as an idle-timing proxy would.</summary>
    CloseAfterActing,

    /// <summary>Run the endpoint (its effects happen), then answer with another status instead, as a proxy that gave up would.</summary>
    StatusAfterActing,

    /// <summary>Run the endpoint (its effects happen), then wait before sending its answer.</summary>
    DelayAfterActing,
}
