using System.Text.Json;

namespace CcTracer.Hooks;

/// <summary>
/// Reads the <c>structuredPatch</c> that Claude Code's PostToolUse <c>tool_response</c> carries for
/// <c>Edit</c>, <c>MultiEdit</c> and <c>Write</c>: <c>[{"oldStart","oldLines","newStart","newLines","lines":[" ctx","-old","+new"]}]</c>,
/// the hunks the tool itself applied, with the file's line numbers.
/// </summary>
internal static class StructuredPatch
{
    /// <summary>The hunks of <paramref name="toolResponse"/>; empty when it has none or they are malformed.</summary>
    public static List<DiffHunk> Read(JsonElement? toolResponse)
    {
        var hunks = new List<DiffHunk>();
        if (toolResponse is not { ValueKind: JsonValueKind.Object } response
            || !response.TryGetProperty("structuredPatch", out var patch) || patch.ValueKind != JsonValueKind.Array)
        {
            return hunks;
        }

        foreach (var hunk in patch.EnumerateArray())
        {
            if (hunk.ValueKind != JsonValueKind.Object
                || PayloadProperty.GetInt64(hunk, "oldStart") is not { } oldStart || PayloadProperty.GetInt64(hunk, "oldLines") is not { } oldCount
                || PayloadProperty.GetInt64(hunk, "newStart") is not { } newStart || PayloadProperty.GetInt64(hunk, "newLines") is not { } newCount
                || !hunk.TryGetProperty("lines", out var lines) || lines.ValueKind != JsonValueKind.Array
                || ReadLines(lines) is not { } parsed)
            {
                // Half a patch would show wrong lines as real ones: the caller falls back instead.
                return [];
            }

            // jsdiff gives an empty range the start of the line after it; unified diffs name the line before.
            hunks.Add(DiffHunk.Number(
                oldCount == 0 ? (int)oldStart - 1 : (int)oldStart,
                (int)oldCount,
                newCount == 0 ? (int)newStart - 1 : (int)newStart,
                (int)newCount,
                parsed));
        }

        return hunks;
    }

    private static List<(DiffOp, string, bool)>? ReadLines(JsonElement lines)
    {
        var parsed = new List<(DiffOp Op, string Text, bool NoNewline)>();
        foreach (var line in lines.EnumerateArray())
        {
            if (line.ValueKind != JsonValueKind.String || line.GetString() is not { Length: > 0 } text)
            {
                return null;
            }

            switch (text[0])
            {
                case ' ':
                    parsed.Add((DiffOp.Context, text[1..], false));
                    break;
                case '-':
                    parsed.Add((DiffOp.Delete, text[1..], false));
                    break;
                case '+':
                    parsed.Add((DiffOp.Insert, text[1..], false));
                    break;
                case '\\' when parsed.Count > 0:
                    // "\ No newline at end of file" belongs to the line before it.
                    parsed[^1] = parsed[^1] with { NoNewline = true };
                    break;
                default:
                    return null;
            }
        }

        return parsed;
    }
}
