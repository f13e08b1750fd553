using CoderSdk.Configuration;
using CoderSdk.Errors;
using CoderSdk.Testing;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CoderSdk.Samples;

/// <summary>
/// What <c>Program.cs</c> runs: picks the snippet and the deployment, runs it, and turns every failure the samples
/// expect into one line on the error writer and an exit code (no stack traces). Tests call it in process.
/// </summary>
/// <remarks>
/// Exit codes: 0 success, 1 coderd refused a request or a build failed, 2 unusable settings (<c>CODER_URL</c>, the
/// token), 3 coderd unreachable or not answering, 64 bad arguments, 130 Ctrl+C, 143 SIGTERM.
/// Warnings from the SDK (above all each retry it schedules) are printed as <c>note:</c> lines as they happen, so an
/// unreachable coderd shows its connection errors at once instead of a silent pause while the SDK retries.
/// Steps that can take a while (starting the embedded fake server, the snippet's first call) are announced as
/// <c>progress:</c> lines on the error writer, so the output stays what the snippet prints.
/// </remarks>
public static class SampleRunner
{
    /// <summary>coderd answered with an error, or the build the snippet followed failed.</summary>
    public const int ApiError = 1;

    /// <summary>The settings are unusable: a bad <c>CODER_URL</c>, a missing token.</summary>
    public const int ConfigurationError = 2;

    /// <summary>coderd could not be reached or did not answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>The arguments are wrong (the BSD <c>EX_USAGE</c> code).</summary>
    public const int UsageError = 64;

    /// <summary>How each progress line on the error writer starts.</summary>
    public const string ProgressPrefix = "progress: ";

    /// <summary>Runs the snippet <paramref name="args"/> names.</summary>
    /// <param name="args">The command line: a snippet name, then its arguments.</param>
    /// <param name="output">Where the snippet prints its results.</param>
    /// <param name="error">Where errors and SDK notes go.</param>
    /// <param name="getEnvironmentVariable">Reads <c>CODER_URL</c> and <c>CODER_SESSION_TOKEN</c>.</param>
    /// <param name="stop">Ends the run early on a signal.</param>
    /// <param name="configure">Adjusts the client's options before the client is created (tests shorten delays with it).</param>
    /// <returns>The process exit code.</returns>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextWriter output,
        TextWriter error,
        Func<string, string?> getEnvironmentVariable,
        SampleStop stop,
        Action<CoderClientOptions>? configure = null)
    {
        var name = args.Count > 0 ? args[0] : "tour";
        if (name is "-h" or "--help" or "help")
        {
            SnippetCatalog.PrintUsage(output);
            return 0;
        }

        if (!SnippetCatalog.TryGet(name, out var snippet))
        {
            await error.WriteLineAsync($"Unknown snippet '{name}'.");
            SnippetCatalog.PrintUsage(error);
            return UsageError;
        }

        FakeCoderServer? fake = null;
        Uri? baseUrl = null;
        try
        {
            var url = getEnvironmentVariable("CODER_URL");
            var token = getEnvironmentVariable("CODER_SESSION_TOKEN");
            if (string.IsNullOrWhiteSpace(url))
            {
                await error.WriteLineAsync(ProgressPrefix + "starting the embedded fake Coder server...");
                var started = TimeProvider.System.GetTimestamp();
                fake = await FakeCoderServer.StartAsync(cancellationToken: stop.Token);
                baseUrl = fake.BaseUrl;
                await error.WriteLineAsync($"{ProgressPrefix}fake Coder server ready in {TimeProvider.System.GetElapsedTime(started).TotalMilliseconds:0} ms");
                token = fake.AdminSessionToken;
                await output.WriteLineAsync($"CODER_URL is not set: using the embedded fake Coder server at {baseUrl}");
            }
            else if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out baseUrl))
            {
                return await FailAsync(error, ConfigurationError, $"CODER_URL must be an absolute URL such as https://coder.example.com; '{url}' is not.");
            }

            var options = new CoderClientOptions { BaseUrl = baseUrl, SessionToken = token, LoggerFactory = new SampleNotices(error) };
            configure?.Invoke(options);
            using var client = new CoderClient(options);
            var context = new SnippetContext(client, output, [.. args.Skip(1)], fake, stop.Token);
            await error.WriteLineAsync($"{ProgressPrefix}running {name} against {baseUrl}...");
            var running = TimeProvider.System.GetTimestamp();
            var code = await snippet(context);
            stop.Token.ThrowIfCancellationRequested();
            await error.WriteLineAsync($"{ProgressPrefix}{name} finished in {TimeProvider.System.GetElapsedTime(running).TotalMilliseconds:0} ms");
            return code;
        }
        catch (Exception) when (stop.Token.IsCancellationRequested)
        {
            // Stopped by a signal: whatever the cancellation broke on its way out, that is the story.
            await error.WriteLineAsync(stop.Description);
            return stop.ExitCode;
        }
        catch (SampleUsageException ex)
        {
            return await FailAsync(error, UsageError, ex.Message);
        }
        catch (CoderConfigurationException ex)
        {
            return await FailAsync(error, ConfigurationError, ex.Message);
        }
        catch (CoderApiException ex)
        {
            return await FailAsync(error, ApiError, Describe(ex));
        }
        catch (HttpRequestException ex)
        {
            return await FailAsync(error, Unreachable, $"cannot reach Coder at {baseUrl}: {ex.Message}");
        }
        catch (Exception ex) when (ex is TimeoutRejectedException or BrokenCircuitException)
        {
            return await FailAsync(error, Unreachable, $"Coder at {baseUrl} did not answer: {ex.Message}");
        }
        finally
        {
            if (fake is not null)
            {
                await fake.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// coderd's answer on one line: status, message, detail and each field validation, e.g.
    /// <c>400 BadRequest: Validation failed. [name: must be lower case]</c>.
    /// </summary>
    private static string Describe(CoderApiException ex)
    {
        if (ex is CoderStreamException || ex.StatusCode == 0)
        {
            return ex.Message;
        }

        var detail = string.IsNullOrWhiteSpace(ex.Detail) ? string.Empty : $" ({ex.Detail})";
        var validations = ex.Validations.Count == 0 ? string.Empty : $" [{string.Join("; ", ex.Validations.Select(v => $"{v.Field}: {v.Detail}"))}]";
        return $"{(int)ex.StatusCode} {ex.StatusCode}: {ex.CoderMessage}{detail}{validations}";
    }

    private static async Task<int> FailAsync(TextWriter error, int exitCode, string message)
    {
        // One line, whatever coderd put in its message or detail (Terraform errors span lines).
        await error.WriteLineAsync("error: " + string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        return exitCode;
    }
}
