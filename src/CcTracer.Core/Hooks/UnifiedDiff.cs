namespace CcTracer.Hooks;

/// <summary>A unified diff of one file (<c>--- a/path</c>, <c>+++ b/path</c>, <c>@@</c> hunks with 3 lines of context).</summary>
public sealed class UnifiedDiff
{
    internal UnifiedDiff(string path, string text, int addedLines, int removedLines, bool isWholeReplacement, bool isSnippetRelative)
    {
        Path = path;
        Text = text;
        AddedLines = addedLines;
        RemovedLines = removedLines;
        IsWholeReplacement = isWholeReplacement;
        IsSnippetRelative = isSnippetRelative;
    }

    /// <summary>The file path from the tool input.</summary>
    public string Path { get; }

    /// <summary>The diff text, <c>\n</c>-separated and ending in <c>\n</c>; empty when nothing changed.</summary>
    public string Text { get; }

    /// <summary>How many <c>+</c> lines the diff holds.</summary>
    public int AddedLines { get; }

    /// <summary>How many <c>-</c> lines the diff holds.</summary>
    public int RemovedLines { get; }

    /// <summary>
    /// Whether the inputs were too large for a line diff, so the diff removes every old line and adds
    /// every new one.
    /// </summary>
    public bool IsWholeReplacement { get; }

    /// <summary>
    /// Whether the file's full content was unknown, so the hunks compare only the edited snippets and
    /// their line numbers count from the start of each snippet, not of the file.
    /// </summary>
    public bool IsSnippetRelative { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
