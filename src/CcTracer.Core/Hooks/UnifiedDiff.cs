using System.Text;

namespace CcTracer.Hooks;

/// <summary>A unified diff of one file (<c>--- a/path</c>, <c>+++ b/path</c>, <c>@@</c> hunks with 3 lines of context).</summary>
/// <remarks>Made by <see cref="ToolUseHook.TryGetEditDiff"/> from an <c>Edit</c>, <c>MultiEdit</c> or <c>Write</c> call.</remarks>
public sealed class UnifiedDiff
{
    internal UnifiedDiff(string path, IReadOnlyList<DiffHunk> hunks, bool isWholeReplacement, DiffSource source)
    {
        Path = path;
        Hunks = hunks;
        IsWholeReplacement = isWholeReplacement;
        Source = source;
        foreach (var line in hunks.SelectMany(h => h.Lines))
        {
            AddedLines += line.Op == DiffOp.Insert ? 1 : 0;
            RemovedLines += line.Op == DiffOp.Delete ? 1 : 0;
        }

        Text = hunks.Count == 0 ? string.Empty : Render(path, hunks);
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
    public bool IsSnippetRelative => Source == DiffSource.Snippets;

    /// <summary>Whether the call created the file (a <c>Write</c> whose response says <c>"type":"create"</c>).</summary>
    public bool IsNewFile => Source == DiffSource.NewFile;

    internal IReadOnlyList<DiffHunk> Hunks { get; }

    internal DiffSource Source { get; }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static string Render(string path, IReadOnlyList<DiffHunk> hunks)
    {
        // Absolute paths would read "a//home/…"; git shows repository-relative paths without the slash.
        var shown = path.TrimStart('/');
        var builder = new StringBuilder().Append("--- a/").Append(shown).Append("\n+++ b/").Append(shown).Append('\n');
        foreach (var hunk in hunks)
        {
            builder.Append("@@ -").Append(hunk.OldStart).Append(',').Append(hunk.OldCount)
                .Append(" +").Append(hunk.NewStart).Append(',').Append(hunk.NewCount).Append(" @@\n");
            foreach (var line in hunk.Lines)
            {
                builder.Append(line.Op switch { DiffOp.Delete => '-', DiffOp.Insert => '+', _ => ' ' }).Append(line.Text).Append('\n');
                if (line.NoNewlineAtEnd)
                {
                    builder.Append("\\ No newline at end of file\n");
                }
            }
        }

        return builder.ToString();
    }
}
