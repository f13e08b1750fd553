using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CoderSdk.Testing;

/// <summary>The reconnecting PTY route: a terminal session on a fake agent (see <see cref="FakeTerminalControl"/>).</summary>
public sealed partial class FakeCoderServer
{
    private FakeTerminalControl? _terminals;

    /// <summary>The fake agents' terminal sessions: look them up by reconnect id, wait for output, drop their connections.</summary>
    public FakeTerminalControl Terminals => LazyInitializer.EnsureInitialized(ref _terminals, () => new FakeTerminalControl(Options.TimeProvider, Stopping));

    private void MapTerminalEndpoints(WebApplication app) =>
        app.MapGet("/api/v2/workspaceagents/{workspaceagent}/pty", async (HttpContext c, string workspaceagent) =>
        {
            if (ParseUuid(c, workspaceagent, out var agentId) is { } bad)
            {
                return bad;
            }

            if (State.Agent(agentId) is null)
            {
                return NotFound(c);
            }

            var query = c.Request.Query;
            var problems = new List<(string, string)>();
            if (!Guid.TryParse(query["reconnect"].ToString(), out var reconnect))
            {
                problems.Add(("reconnect", "Query param \"reconnect\" must be a valid UUID."));
            }

            var width = Dimension("width", problems);
            var height = Dimension("height", problems);
            if (problems.Count > 0)
            {
                return Json(c, 400, FakeCoderJson.Error("Invalid query parameters.", validations: [.. problems]));
            }

            if (!c.WebSockets.IsWebSocketRequest)
            {
                return Json(c, 400, FakeCoderJson.Error("Failed to accept websocket.", "the client did not ask for a WebSocket upgrade"));
            }

            // Like coderd: accept the upgrade first, then reach the agent's session (starting its command).
            using var socket = await c.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var session = Terminals.Attach(reconnect, agentId, query["command"].ToString(), width, height);
            await session.ServeAsync(c, socket, Stopping).ConfigureAwait(false);
            return Results.Empty;

            int Dimension(string name, List<(string, string)> errors)
            {
                var raw = query[name].ToString();
                if (raw.Length == 0)
                {
                    return 80;
                }

                if (uint.TryParse(raw, out var value))
                {
                    return (int)Math.Min(value, ushort.MaxValue);
                }

                errors.Add((name, $"Query param \"{name}\" must be a valid positive integer."));
                return 0;
            }
        });
}
