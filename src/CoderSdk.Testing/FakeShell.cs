using System.Globalization;
using System.Text;

namespace CoderSdk.Testing;

/// <summary>
/// The fake agent's tiny shell: enough of <c>sh</c> to run what tests and the SDK send. Statements are separated by
/// <c>;</c> or newlines, <c>( ... )</c> runs a subshell (an <c>exit</c> inside ends only the subshell), words may be
/// single- or double-quoted, <c>$?</c> expands to the last status, and <c>#</c> starts a comment. Built-ins:
/// <c>echo</c>, <c>printf</c> (<c>%s</c>, <c>%d</c>, <c>%%</c>, <c>\n</c>, <c>\t</c>, <c>\\</c>), <c>exit [n]</c>,
/// <c>sleep seconds</c> (on the server's clock), <c>true</c>, <c>false</c>; anything else prints "not found" with status 127.
/// </summary>
internal sealed class FakeShell(TimeProvider time, Action<string> write)
{
    private const char LastStatus = '\u0001';

    /// <summary>The status of the last command (<c>$?</c>).</summary>
    public int Status { get; private set; }

    /// <summary>Runs a script. Returns the exit code when it ran <c>exit</c> at the top level (the shell is done), else null.</summary>
    public async Task<int?> RunAsync(string script, CancellationToken cancellationToken)
    {
        List<Node> program;
        try
        {
            var tokens = Tokenize(script);
            var position = 0;
            program = ParseList(tokens, ref position, nested: false);
        }
        catch (FormatException ex)
        {
            write($"sh: syntax error: {ex.Message}\n");
            Status = 2;
            return null;
        }

        try
        {
            await RunListAsync(program, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (ExitSignal exit)
        {
            Status = exit.Code;
            return exit.Code;
        }
    }

    private async Task RunListAsync(List<Node> list, CancellationToken cancellationToken)
    {
        foreach (var node in list)
        {
            if (node.Subshell is { } inner)
            {
                try
                {
                    await RunListAsync(inner, cancellationToken).ConfigureAwait(false);
                }
                catch (ExitSignal exit)
                {
                    Status = exit.Code;
                }
            }
            else
            {
                Status = await RunCommandAsync([.. node.Words!.Select(Expand)], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private string Expand(string word) => word.Replace(LastStatus.ToString(), Status.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task<int> RunCommandAsync(string[] words, CancellationToken cancellationToken)
    {
        switch (words[0])
        {
            case "echo":
                write(string.Join(' ', words.Skip(1)) + "\n");
                return 0;
            case "printf":
                if (words.Length < 2)
                {
                    write("printf: usage: printf format [arguments]\n");
                    return 2;
                }

                write(Printf(words[1], words.Skip(2).ToArray()));
                return 0;
            case "exit":
                throw new ExitSignal(words.Length > 1 && int.TryParse(words[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code & 0xFF : Status);
            case "sleep":
                if (words.Length < 2 || !double.TryParse(words[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
                {
                    write("sleep: invalid time interval\n");
                    return 1;
                }

                await Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken).ConfigureAwait(false);
                return 0;
            case "true":
                return 0;
            case "false":
                return 1;
            default:
                write($"sh: 1: {words[0]}: not found\n");
                return 127;
        }
    }

    private static string Printf(string format, string[] args)
    {
        var output = new StringBuilder();
        var next = 0;
        string Arg() => next < args.Length ? args[next++] : string.Empty;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if (c == '\\' && i + 1 < format.Length)
            {
                i++;
                output.Append(format[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '\\' => '\\', var other => other });
            }
            else if (c == '%' && i + 1 < format.Length)
            {
                i++;
                switch (format[i])
                {
                    case 's':
                        output.Append(Arg());
                        break;
                    case 'd':
                        output.Append(long.TryParse(Arg(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : 0);
                        break;
                    case var other:
                        output.Append(other == '%' ? "%" : "%" + other);
                        break;
                }
            }
            else
            {
                output.Append(c);
            }
        }

        return output.ToString();
    }

    // ---- parsing ----

    private enum TokenKind
    {
        Word,
        Separator,
        Open,
        Close,
    }

    private readonly record struct Token(TokenKind Kind, string Text = "");

    private sealed record Node(List<string>? Words, List<Node>? Subshell);

    private static List<Node> ParseList(List<Token> tokens, ref int position, bool nested)
    {
        var list = new List<Node>();
        var words = new List<string>();
        void EndStatement()
        {
            if (words.Count > 0)
            {
                list.Add(new Node([.. words], null));
                words.Clear();
            }
        }

        while (position < tokens.Count)
        {
            var token = tokens[position++];
            switch (token.Kind)
            {
                case TokenKind.Word:
                    words.Add(token.Text);
                    break;
                case TokenKind.Separator:
                    EndStatement();
                    break;
                case TokenKind.Open:
                    if (words.Count > 0)
                    {
                        throw new FormatException("\"(\" unexpected");
                    }

                    list.Add(new Node(null, ParseList(tokens, ref position, nested: true)));
                    break;
                case TokenKind.Close:
                    if (!nested)
                    {
                        throw new FormatException("\")\" unexpected");
                    }

                    EndStatement();
                    return list;
            }
        }

        if (nested)
        {
            throw new FormatException("end of file unexpected (expecting \")\")");
        }

        EndStatement();
        return list;
    }

    private static List<Token> Tokenize(string script)
    {
        var tokens = new List<Token>();
        var word = new StringBuilder();
        var inWord = false;
        void EndWord()
        {
            if (inWord)
            {
                tokens.Add(new Token(TokenKind.Word, word.ToString()));
                word.Clear();
                inWord = false;
            }
        }

        for (var i = 0; i < script.Length; i++)
        {
            var c = script[i];
            switch (c)
            {
                case ' ' or '\t' or '\r':
                    EndWord();
                    break;
                case '\n' or ';':
                    EndWord();
                    tokens.Add(new Token(TokenKind.Separator));
                    break;
                case '(':
                    EndWord();
                    tokens.Add(new Token(TokenKind.Open));
                    break;
                case ')':
                    EndWord();
                    tokens.Add(new Token(TokenKind.Close));
                    break;
                case '#' when !inWord:
                    while (i + 1 < script.Length && script[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '\'':
                    inWord = true;
                    var close = script.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new FormatException("unterminated quoted string");
                    }

                    word.Append(script, i + 1, close - i - 1);
                    i = close;
                    break;
                case '"':
                    inWord = true;
                    i++;
                    while (true)
                    {
                        if (i >= script.Length)
                        {
                            throw new FormatException("unterminated quoted string");
                        }

                        if (script[i] == '"')
                        {
                            break;
                        }

                        if (script[i] == '\\' && i + 1 < script.Length && script[i + 1] is '"' or '\\' or '$')
                        {
                            word.Append(script[++i]);
                        }
                        else if (script[i] == '$' && i + 1 < script.Length && script[i + 1] == '?')
                        {
                            word.Append(LastStatus);
                            i++;
                        }
                        else
                        {
                            word.Append(script[i]);
                        }

                        i++;
                    }

                    break;
                case '\\' when i + 1 < script.Length:
                    inWord = true;
                    word.Append(script[++i]);
                    break;
                case '$' when i + 1 < script.Length && script[i + 1] == '?':
                    inWord = true;
                    word.Append(LastStatus);
                    i++;
                    break;
                default:
                    inWord = true;
                    word.Append(c);
                    break;
            }
        }

        EndWord();
        return tokens;
    }

    private sealed class ExitSignal(int code) : Exception
    {
        public int Code { get; } = code;
    }
}
