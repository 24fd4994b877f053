namespace CcTracer.Hooks;

/// <summary>What a diff line does.</summary>
internal enum DiffOp : byte
{
    Context,
    Delete,
    Insert,
}

/// <summary>One line of a hunk, without its newline, with its line number on each side it exists on.</summary>
/// <param name="Op">Context, deleted or inserted.</param>
/// <param name="Text">The line's text without the final <c>\n</c>.</param>
/// <param name="OldLine">1-based line number in the old text (not for insertions).</param>
/// <param name="NewLine">1-based line number in the new text (not for deletions).</param>
/// <param name="NoNewlineAtEnd">The text ends with this line and has no final newline.</param>
internal readonly record struct DiffLine(DiffOp Op, string Text, int? OldLine, int? NewLine, bool NoNewlineAtEnd);

/// <summary>
/// One <c>@@ -OldStart,OldCount +NewStart,NewCount @@</c> hunk. Starts follow the unified-diff
/// convention: an empty range names the line before it.
/// </summary>
internal sealed record DiffHunk(int OldStart, int OldCount, int NewStart, int NewCount, IReadOnlyList<DiffLine> Lines)
{
    /// <summary>Numbers the lines of a hunk, walking both sides from the hunk's starts.</summary>
    public static DiffHunk Number(int oldStart, int oldCount, int newStart, int newCount, IEnumerable<(DiffOp Op, string Text, bool NoNewlineAtEnd)> lines)
    {
        // An empty range's start is the line before it, so the (unused) counter starts one later.
        var oldNo = oldCount == 0 ? oldStart + 1 : oldStart;
        var newNo = newCount == 0 ? newStart + 1 : newStart;
        var numbered = new List<DiffLine>();
        foreach (var (op, text, noNewline) in lines)
        {
            numbered.Add(op switch
            {
                DiffOp.Delete => new DiffLine(op, text, oldNo++, null, noNewline),
                DiffOp.Insert => new DiffLine(op, text, null, newNo++, noNewline),
                _ => new DiffLine(op, text, oldNo++, newNo++, noNewline),
            });
        }

        return new DiffHunk(oldStart, oldCount, newStart, newCount, numbered);
    }
}

/// <summary>Where a diff's hunks came from, so a reader knows how far to trust its line numbers.</summary>
internal enum DiffSource : byte
{
    /// <summary>Claude Code's own <c>tool_response.structuredPatch</c>: real line numbers and context.</summary>
    StructuredPatch,

    /// <summary>Replayed against <c>tool_response.originalFile</c>: real line numbers and context.</summary>
    OriginalFile,

    /// <summary>A <c>Write</c> whose <c>tool_response.type</c> is <c>create</c>: every line is new.</summary>
    NewFile,

    /// <summary>Only the edited snippets were known: line numbers count from the start of each snippet.</summary>
    Snippets,

    /// <summary>A <c>Write</c> without the previous content (no PostToolUse response): shown as all added.</summary>
    ContentOnly,
}
