using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>
/// Turns a call of Claude Code's file-editing tools (<c>Edit</c>, <c>MultiEdit</c>, <c>Write</c>)
/// into a unified diff. The one diff of the project: the UI gets it through the HTTP API.
/// </summary>
/// <remarks>
/// A tool input alone does not hold the file: <c>Edit</c> carries only the replaced snippet and
/// <c>Write</c> only the new content. The PostToolUse <c>tool_response</c> does, so in order of trust:
/// its <c>structuredPatch</c> (the hunks Claude Code applied); its <c>originalFile</c> (or
/// <c>originalFileContents</c>) with the edits replayed; <c>"type":"create"</c> of a <c>Write</c> (a
/// new file). Without them <c>Edit</c>/<c>MultiEdit</c> diff the snippets (line numbers relative to
/// each snippet, <see cref="UnifiedDiff.IsSnippetRelative"/>) and <c>Write</c> diffs from an empty file.
/// </remarks>
internal static class EditDiff
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
        if (toolInput.ValueKind != JsonValueKind.Object || PayloadProperty.GetString(toolInput, "file_path") is not { } path)
        {
            return false;
        }

        var response = toolResponse is { ValueKind: JsonValueKind.Object } r ? r : (JsonElement?)null;
        var patch = StructuredPatch.Read(response);
        var original = response is { } o ? PayloadProperty.GetString(o, "originalFile") ?? PayloadProperty.GetString(o, "originalFileContents") : null;
        if (toolName == "Write")
        {
            if (PayloadProperty.GetString(toolInput, "content") is not { } content)
            {
                return false;
            }

            diff = response is { } w && PayloadProperty.GetString(w, "type") == "create" ? Create(path, string.Empty, content, DiffSource.NewFile)
                : patch.Count > 0 ? new UnifiedDiff(path, patch, isWholeReplacement: false, DiffSource.StructuredPatch)
                : original is not null ? Create(path, original, content, DiffSource.OriginalFile)
                : Create(path, string.Empty, content, DiffSource.ContentOnly);
            return true;
        }

        if (Edits(toolName, toolInput) is not { } edits)
        {
            return false;
        }

        diff = patch.Count > 0 ? new UnifiedDiff(path, patch, isWholeReplacement: false, DiffSource.StructuredPatch)
            : original is not null && TryApply(original, edits, out var updated) ? Create(path, original, updated, DiffSource.OriginalFile)
            : CreateFromSnippets(path, edits);
        return true;
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
        return Create(path, oldText, newText, DiffSource.OriginalFile);
    }

    /// <summary>The edits of an <c>Edit</c> (one) or <c>MultiEdit</c> (a list); null when the input lacks a required field.</summary>
    private static List<(string Old, string New, bool All)>? Edits(string toolName, JsonElement toolInput)
    {
        static (string, string, bool)? One(JsonElement e)
            => PayloadProperty.GetString(e, "old_string") is { } o && PayloadProperty.GetString(e, "new_string") is { } n
                ? (o, n, PayloadProperty.GetBool(e, "replace_all") ?? false)
                : null;

        switch (toolName)
        {
            case "Edit":
                return One(toolInput) is { } edit ? [edit] : null;
            case "MultiEdit":
                if (!toolInput.TryGetProperty("edits", out var edits) || edits.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                var list = new List<(string, string, bool)>();
                foreach (var e in edits.EnumerateArray())
                {
                    if (e.ValueKind != JsonValueKind.Object || One(e) is not { } item)
                    {
                        return null;
                    }

                    list.Add(item);
                }

                return list;
            default:
                return null;
        }
    }

    private static UnifiedDiff Create(string path, string oldText, string newText, DiffSource source)
    {
        var hunks = new List<DiffHunk>();
        var whole = AddHunks(hunks, oldText, newText);
        return new UnifiedDiff(path, hunks, whole, source);
    }

    private static UnifiedDiff CreateFromSnippets(string path, List<(string Old, string New, bool All)> edits)
    {
        var hunks = new List<DiffHunk>();
        var whole = false;
        foreach (var (o, n, _) in edits)
        {
            // Snippets are cut from the middle of a file: a missing final newline is not a difference.
            whole |= AddHunks(hunks, WithNewline(o), WithNewline(n));
        }

        return new UnifiedDiff(path, hunks, whole, DiffSource.Snippets);
    }

    private static string WithNewline(string s) => s.Length == 0 || s.EndsWith('\n') ? s : s + "\n";

    /// <summary>Adds the hunks from <paramref name="oldText"/> to <paramref name="newText"/>; true when too big for a line diff.</summary>
    private static bool AddHunks(List<DiffHunk> hunks, string oldText, string newText)
    {
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return false;
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

        foreach (var hunk in LineDiff.Hunks(a, b, ops))
        {
            hunks.Add(DiffHunk.Number(hunk.OldStart, hunk.OldCount, hunk.NewStart, hunk.NewCount, hunk.Lines.Select(l => (
                l.Op switch { LineDiff.Op.Delete => DiffOp.Delete, LineDiff.Op.Insert => DiffOp.Insert, _ => DiffOp.Context },
                l.Line.EndsWith('\n') ? l.Line[..^1] : l.Line,
                !l.Line.EndsWith('\n')))));
        }

        return whole;
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
