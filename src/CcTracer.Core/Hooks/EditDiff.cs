using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>
/// Turns the input of Claude Code's file-editing tools (<c>Edit</c>, <c>MultiEdit</c>, <c>Write</c>)
/// into a unified diff.
/// </summary>
/// <remarks>
/// A tool input alone does not hold the file: <c>Edit</c> carries only the replaced snippet and
/// <c>Write</c> only the new content. When a PostToolUse <c>tool_response</c> carries the original
/// file (<c>originalFile</c>, or <c>originalFileContents</c>), the diff is of the whole file with real
/// line numbers. Otherwise <c>Edit</c>/<c>MultiEdit</c> diff the snippets (line numbers relative to each
/// snippet, see <see cref="UnifiedDiff.IsSnippetRelative"/>) and <c>Write</c> diffs from an empty file.
/// </remarks>
public static class EditDiff
{
    /// <summary>Past this many characters (old plus new) no line diff is attempted: the diff replaces everything.</summary>
    public const int MaxChars = 8 * 1024 * 1024;

    /// <summary>Creates the diff of one editing tool call.</summary>
    /// <param name="toolName"><c>Edit</c>, <c>MultiEdit</c> or <c>Write</c>; other names yield no diff.</param>
    /// <param name="toolInput">The call's <c>tool_input</c>.</param>
    /// <param name="toolResponse">The PostToolUse <c>tool_response</c>, when known.</param>
    /// <param name="diff">The diff, when the input has the fields the tool requires.</param>
    /// <returns>Whether a diff was made.</returns>
    public static bool TryCreate(string toolName, JsonElement toolInput, JsonElement? toolResponse, [NotNullWhen(true)] out UnifiedDiff? diff)
    {
        ArgumentNullException.ThrowIfNull(toolName);
        diff = null;
        if (toolInput.ValueKind != JsonValueKind.Object || HookJson.GetString(toolInput, "file_path") is not { } path)
        {
            return false;
        }

        var original = OriginalFile(toolResponse);
        switch (toolName)
        {
            case "Edit":
                {
                    if (HookJson.GetString(toolInput, "old_string") is not { } oldString
                        || HookJson.GetString(toolInput, "new_string") is not { } newString)
                    {
                        return false;
                    }

                    var replaceAll = HookJson.GetBool(toolInput, "replace_all") ?? false;
                    if (original is not null && TryApply(original, [(oldString, newString, replaceAll)], out var updated))
                    {
                        diff = Create(path, original, updated, snippetRelative: false);
                    }
                    else
                    {
                        diff = CreateFromSnippets(path, [(oldString, newString)]);
                    }

                    return true;
                }

            case "MultiEdit":
                {
                    if (!toolInput.TryGetProperty("edits", out var edits) || edits.ValueKind != JsonValueKind.Array)
                    {
                        return false;
                    }

                    var list = new List<(string Old, string New, bool All)>();
                    foreach (var edit in edits.EnumerateArray())
                    {
                        if (HookJson.GetString(edit, "old_string") is not { } o || HookJson.GetString(edit, "new_string") is not { } n)
                        {
                            return false;
                        }

                        list.Add((o, n, HookJson.GetBool(edit, "replace_all") ?? false));
                    }

                    if (original is not null && TryApply(original, list, out var updated))
                    {
                        diff = Create(path, original, updated, snippetRelative: false);
                    }
                    else
                    {
                        diff = CreateFromSnippets(path, list.ConvertAll(e => (e.Old, e.New)));
                    }

                    return true;
                }

            case "Write":
                {
                    if (HookJson.GetString(toolInput, "content") is not { } content)
                    {
                        return false;
                    }

                    diff = Create(path, original ?? string.Empty, content, snippetRelative: false);
                    return true;
                }

            default:
                return false;
        }
    }

    /// <summary>A unified diff between two texts, with <c>a/</c> and <c>b/</c> headers for <paramref name="path"/>.</summary>
    /// <param name="path">The file path shown in the headers.</param>
    /// <param name="oldText">The text before.</param>
    /// <param name="newText">The text after.</param>
    /// <returns>The diff; its <see cref="UnifiedDiff.Text"/> is empty when the texts are equal.</returns>
    public static UnifiedDiff Create(string path, string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        return Create(path, oldText, newText, snippetRelative: false);
    }

    private static UnifiedDiff Create(string path, string oldText, string newText, bool snippetRelative)
    {
        var builder = new StringBuilder();
        var (added, removed, whole) = AppendHunks(builder, oldText, newText);
        var text = builder.Length == 0 ? string.Empty : Header(path) + builder.ToString();
        return new UnifiedDiff(path, text, added, removed, whole, snippetRelative);
    }

    private static UnifiedDiff CreateFromSnippets(string path, List<(string Old, string New)> edits)
    {
        var builder = new StringBuilder();
        int added = 0, removed = 0;
        var whole = false;
        foreach (var (o, n) in edits)
        {
            // Snippets are cut from the middle of a file: a missing final newline is not a difference.
            var (a, r, w) = AppendHunks(builder, WithNewline(o), WithNewline(n));
            added += a;
            removed += r;
            whole |= w;
        }

        var text = builder.Length == 0 ? string.Empty : Header(path) + builder.ToString();
        return new UnifiedDiff(path, text, added, removed, whole, isSnippetRelative: true);
    }

    private static string WithNewline(string s) => s.Length == 0 || s.EndsWith('\n') ? s : s + "\n";

    private static string Header(string path)
    {
        // Absolute paths would read "a//home/…"; git shows repository-relative paths without the slash.
        var shown = path.TrimStart('/');
        return $"--- a/{shown}\n+++ b/{shown}\n";
    }

    private static (int Added, int Removed, bool Whole) AppendHunks(StringBuilder builder, string oldText, string newText)
    {
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return (0, 0, false);
        }

        var a = LineDiff.SplitLines(oldText);
        var b = LineDiff.SplitLines(newText);
        List<LineDiff.Op> ops;
        bool whole;
        if ((long)oldText.Length + newText.Length > MaxChars)
        {
            whole = true;
            ops = [.. Enumerable.Repeat(LineDiff.Op.Delete, a.Count), .. Enumerable.Repeat(LineDiff.Op.Insert, b.Count)];
        }
        else
        {
            ops = LineDiff.Compute(a, b, out whole);
        }

        int added = 0, removed = 0;
        foreach (var hunk in LineDiff.Hunks(a, b, ops))
        {
            builder.Append("@@ -").Append(hunk.OldStart).Append(',').Append(hunk.OldCount)
                .Append(" +").Append(hunk.NewStart).Append(',').Append(hunk.NewCount).Append(" @@\n");
            foreach (var (op, line) in hunk.Lines)
            {
                builder.Append(op switch
                {
                    LineDiff.Op.Delete => '-',
                    LineDiff.Op.Insert => '+',
                    _ => ' ',
                });
                if (line.EndsWith('\n'))
                {
                    builder.Append(line);
                }
                else
                {
                    builder.Append(line).Append("\n\\ No newline at end of file\n");
                }

                added += op == LineDiff.Op.Insert ? 1 : 0;
                removed += op == LineDiff.Op.Delete ? 1 : 0;
            }
        }

        return (added, removed, whole);
    }

    private static string? OriginalFile(JsonElement? toolResponse)
    {
        if (toolResponse is not { ValueKind: JsonValueKind.Object } response)
        {
            return null;
        }

        return HookJson.GetString(response, "originalFile") ?? HookJson.GetString(response, "originalFileContents");
    }

    /// <summary>Replays the edits the way the tools do; fails when a snippet is not in the file (it changed since).</summary>
    private static bool TryApply(string original, IEnumerable<(string Old, string New, bool All)> edits, [NotNullWhen(true)] out string? updated)
    {
        var text = original;
        foreach (var (o, n, all) in edits)
        {
            if (o.Length == 0)
            {
                // An empty old_string creates the file: the new text is the whole content.
                if (text.Length != 0)
                {
                    updated = null;
                    return false;
                }

                text = n;
                continue;
            }

            var at = text.IndexOf(o, StringComparison.Ordinal);
            if (at < 0)
            {
                updated = null;
                return false;
            }

            text = all ? text.Replace(o, n, StringComparison.Ordinal) : string.Concat(text.AsSpan(0, at), n, text.AsSpan(at + o.Length));
        }

        updated = text;
        return true;
    }
}
