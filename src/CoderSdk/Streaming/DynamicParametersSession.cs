using System.Runtime.CompilerServices;
using CoderSdk.Apis;
using CoderSdk.Models;

namespace CoderSdk.Streaming;

/// <summary>The dynamic-parameters session over one <see cref="DeclaredSession{TSend, TReceive}"/>.</summary>
internal sealed class DynamicParametersSession : IDynamicParametersSession
{
    private readonly DeclaredSession<DynamicParametersRequest, DynamicParametersResponse> _session;
    private long _nextId;

    internal DynamicParametersSession(DeclaredSession<DynamicParametersRequest, DynamicParametersResponse> session) => _session = session;

    /// <inheritdoc />
    public async Task<long> SendAsync(IReadOnlyDictionary<string, string> values, Guid? ownerId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var id = Interlocked.Increment(ref _nextId);
        await _session.SendAsync(new DynamicParametersRequest { Id = id, Inputs = values, OwnerId = ownerId }, cancellationToken).ConfigureAwait(false);
        return id;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<DynamicParametersResponse> ReadResponsesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var response in _session.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    /// <summary>Closes the session (a close frame, waiting briefly for coderd's answer).</summary>
    /// <returns>A task that completes once the connection is closed.</returns>
    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
