using System.Globalization;
using System.Text;
using CoderSdk.Errors;
using CoderSdk.Pipeline;
using CoderSdk.Terminal;

namespace CoderSdk.Streaming;

/// <summary>
/// Runs one command in a terminal session and recovers its exit status, which the PTY protocol does not carry: the
/// command is wrapped as <c>(command⏎); printf '\n%s:%d\n' SENTINEL "$?"</c>, where the sentinel is a fresh random
/// GUID, so the shell prints the status on a line of its own that the command cannot predict. The subshell keeps the
/// status of an <c>exit</c> inside the command, and the newline before <c>)</c> keeps a trailing comment from eating it.
/// </summary>
internal static class CommandRunner
{
    private const string SentinelPrefix = "CODERSDK_EXIT_";

    /// <summary>The command line sent to the agent.</summary>
    internal static string Wrap(string command, string sentinel) =>
        "(" + command + "\n); printf '\\n%s:%d\\n' " + sentinel + " \"$?\"";

    internal static string NewSentinel() => SentinelPrefix + Guid.NewGuid().ToString("N");

    public static async Task<CoderCommandResult> RunAsync(CoderConnection connection, Guid agent, string command, CoderCommandOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (options.Timeout <= TimeSpan.Zero && options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "CoderCommandOptions.Timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        var sentinel = NewSentinel();
        var text = new StringBuilder();
        using var timeout = new CancellationTokenSource(System.Threading.Timeout.InfiniteTimeSpan, connection.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        if (options.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            timeout.CancelAfter(options.Timeout);
        }

        CoderTerminal? terminal = null;
        try
        {
            terminal = await CoderTerminal.OpenAsync(connection, agent, new CoderTerminalOptions
            {
                Command = Wrap(command, sentinel),
                Width = options.Width,
                Height = options.Height,
                Container = options.Container,
                ContainerUser = options.ContainerUser,
                Reconnect = false,
            }, linked.Token).ConfigureAwait(false);

            var searchFrom = 0;
            await foreach (var chunk in terminal.ReadTextAsync(linked.Token).ConfigureAwait(false))
            {
                text.Append(chunk);
                if (TryParse(text, sentinel, ref searchFrom) is { } result)
                {
                    return result;
                }
            }

            throw new CoderCommandException(
                "The command's session ended without the exit-status line (the shell exited before printing it, or is not a POSIX shell).",
                CoderCommandFailure.NoExitStatus, text.ToString());
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CoderCommandTimeoutException(options.Timeout, text.ToString());
        }
        catch (Exception ex) when (terminal is null && ex is System.Net.WebSockets.WebSocketException or HttpRequestException or IOException)
        {
            // The connection broke during the upgrade. coderd starts the command once the upgrade is accepted, so it may
            // be running: the outcome is as unknown as after a drop mid-command.
            throw new CoderCommandException($"The command's session broke while it was being opened; the command may have started: {ex.Message}", CoderCommandFailure.Disconnected, string.Empty, ex);
        }
        catch (CoderStreamException ex) when (terminal is not null)
        {
            throw new CoderCommandException($"The command's session failed before it reported an exit status: {ex.Message}", CoderCommandFailure.Disconnected, text.ToString(), ex);
        }
        finally
        {
            if (terminal is not null)
            {
                await terminal.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Finds the complete exit-status line; returns the result without it, or null while it has not arrived.</summary>
    internal static CoderCommandResult? TryParse(StringBuilder text, string sentinel, ref int searchFrom)
    {
        var marker = "\n" + sentinel + ":";
        var window = text.ToString(searchFrom, text.Length - searchFrom);
        var at = window.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            // Keep enough of the end to find a marker that is split across chunks.
            searchFrom = Math.Max(searchFrom, text.Length - marker.Length);
            return null;
        }

        var digitsStart = at + marker.Length;
        var lineEnd = window.IndexOf('\n', digitsStart);
        if (lineEnd < 0)
        {
            searchFrom += at; // the status line is still arriving
            return null;
        }

        var digits = window.AsSpan(digitsStart, lineEnd - digitsStart).TrimEnd('\r');
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            searchFrom += at + 1; // not the shell's line: look further on
            return TryParse(text, sentinel, ref searchFrom);
        }

        var output = text.ToString(0, searchFrom + at);
        if (output.EndsWith('\r'))
        {
            output = output[..^1];
        }

        return new CoderCommandResult(output, status);
    }
}
