using System.Text;

namespace CoderSdk.ContractTests.Infrastructure;

/// <summary>What became of one operation against Prism. Each failing category names who has to act.</summary>
public enum ContractCategory
{
    /// <summary>Prism accepted the request and the SDK read the documented answer.</summary>
    Passed,

    /// <summary>A stream: Prism accepted the request, but it cannot serve WebSocket or SSE frames, so none were read.</summary>
    PassedRequestOnly,

    /// <summary>Prism rejected the request because the spec itself is wrong there (see <see cref="KnownSpecDefects"/>); the SDK follows coderd.</summary>
    KnownSpecDefect,

    /// <summary>SDK defect: the method carries no <c>[Get]</c>/<c>[Post]</c>/... attribute, so no route can be checked.</summary>
    NoEndpointAttribute,

    /// <summary>SDK defect: the attribute names a method and route the spec does not have.</summary>
    RouteNotInSpec,

    /// <summary>SDK defect: a required C# parameter matches no parameter of the spec operation.</summary>
    ParameterNotInSpec,

    /// <summary>SDK defect: a parameter or request model cannot hold a spec-valid value (its type disagrees with the spec).</summary>
    RequestModelMismatch,

    /// <summary>SDK defect: the method threw before sending anything.</summary>
    NoRequestSent,

    /// <summary>SDK defect: the request went to another method or path than the attribute names.</summary>
    WrongRoute,

    /// <summary>SDK defect: Prism found no spec path for the request (404 "no path matched").</summary>
    NoPathMatched,

    /// <summary>SDK defect: Prism rejected the request (422 "invalid request", sl-violations, 401, 405, 406, 415).</summary>
    RequestRejected,

    /// <summary>SDK defect: the request carries a query parameter or body property the spec does not declare (Prism lets these through).</summary>
    RequestNotInSpec,

    /// <summary>SDK defect: Prism answered a status the spec documents, and the SDK treated it as a failure.</summary>
    UnexpectedStatus,

    /// <summary>SDK defect: the SDK could not read Prism's spec-shaped answer.</summary>
    ResponseUnreadable,

    /// <summary>SDK defect: a model caught spec-declared fields in its extension data, so it lacks (or misnames) those properties.</summary>
    ModelIncomplete,

    /// <summary>The call did not finish in time.</summary>
    Timeout,

    /// <summary>Anything else the SDK threw.</summary>
    UnexpectedException,
}

/// <summary>The verdict on one operation in one Prism mode, with the evidence.</summary>
internal sealed record ContractResult(string Operation, PrismMode Mode, ContractCategory Category, string Message)
{
    public IReadOnlyList<Exchange> Exchanges { get; init; } = [];

    public IReadOnlyList<string> Notes { get; init; } = [];

    public TimeSpan Elapsed { get; init; }

    public bool Passed => Category is ContractCategory.Passed or ContractCategory.PassedRequestOnly or ContractCategory.KnownSpecDefect;

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Mode).Append(' ').Append(Operation).Append(": ").Append(Category).Append(" — ").AppendLine(Message);
        foreach (var note in Notes)
        {
            text.Append("  note: ").AppendLine(note);
        }

        foreach (var exchange in Exchanges)
        {
            text.Append(exchange.Describe());
        }

        return text.ToString();
    }
}
