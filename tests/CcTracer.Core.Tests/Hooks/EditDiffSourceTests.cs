using System.Text.Json;
using CcTracer.Hooks;
using Xunit;

namespace CcTracer.Core.Tests.Hooks;

/// <summary>Which part of a PostToolUse response a diff is made from, and the line numbers that gives.</summary>
public sealed class EditDiffSourceTests
{
    private static JsonElement Fixture(string name)
        => JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "edits", name))).RootElement.Clone();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public void A_structured_patch_gives_the_files_line_numbers_even_without_the_original_file()
    {
        var hook = Fixture("hook-PostToolUse-Edit.json");
        var response = JsonSerializer.SerializeToElement(new { structuredPatch = hook.GetProperty("tool_response").GetProperty("structuredPatch") });

        Assert.True(EditDiff.TryCreate("Edit", hook.GetProperty("tool_input"), response, out var diff));

        Assert.Equal(DiffSource.StructuredPatch, diff.Source);
        Assert.False(diff.IsSnippetRelative);
        var hunk = Assert.Single(diff.Hunks);
        Assert.Equal((18, 7, 18, 7), (hunk.OldStart, hunk.OldCount, hunk.NewStart, hunk.NewCount));
        var removed = Assert.Single(hunk.Lines, l => l.Op == DiffOp.Delete);
        var added = Assert.Single(hunk.Lines, l => l.Op == DiffOp.Insert);
        Assert.Equal((21, (int?)null), (removed.OldLine!.Value, removed.NewLine));
        Assert.Equal(21, added.NewLine);
        Assert.Equal("    'option_21': 21,", removed.Text);
        Assert.Equal(6, hunk.Lines.Count(l => l.Op == DiffOp.Context));
        Assert.StartsWith("--- a/home/dev/project/settings.py\n+++ b/home/dev/project/settings.py\n@@ -18,7 +18,7 @@\n", diff.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_structured_patch_and_a_replay_of_the_original_file_agree()
    {
        var hook = Fixture("hook-PostToolUse-Edit.json");
        var response = hook.GetProperty("tool_response");
        var withoutPatch = JsonSerializer.SerializeToElement(new { originalFile = response.GetProperty("originalFile").GetString() });

        Assert.True(EditDiff.TryCreate("Edit", hook.GetProperty("tool_input"), response, out var fromPatch));
        Assert.True(EditDiff.TryCreate("Edit", hook.GetProperty("tool_input"), withoutPatch, out var fromFile));

        Assert.Equal(DiffSource.StructuredPatch, fromPatch.Source);
        Assert.Equal(DiffSource.OriginalFile, fromFile.Source);
        Assert.Equal(fromFile.Text, fromPatch.Text);
    }

    [Fact]
    public void A_write_whose_response_says_create_is_a_new_file()
    {
        var hook = Fixture("hook-PostToolUse-Write-create.json");

        Assert.True(EditDiff.TryCreate("Write", hook.GetProperty("tool_input"), hook.GetProperty("tool_response"), out var diff));

        Assert.True(diff.IsNewFile);
        Assert.Equal(2, diff.AddedLines);
        Assert.Equal(0, diff.RemovedLines);
        Assert.Equal([1, 2], diff.Hunks.Single().Lines.Select(l => l.NewLine!.Value));
    }

    [Fact]
    public void A_write_without_a_response_is_content_only_not_a_new_file()
    {
        Assert.True(EditDiff.TryCreate("Write", Json("""{"file_path":"a","content":"x\n"}"""), null, out var diff));

        Assert.Equal(DiffSource.ContentOnly, diff.Source);
        Assert.False(diff.IsNewFile);
    }

    [Fact]
    public void A_malformed_structured_patch_falls_back_instead_of_showing_half_of_it()
    {
        var input = Json("""{"file_path":"f","old_string":"b","new_string":"B"}""");
        var response = Json("""{"structuredPatch":[{"oldStart":2,"oldLines":1,"newStart":2,"newLines":1,"lines":["-b","?B"]}],"originalFile":"a\nb\nc\n"}""");

        Assert.True(EditDiff.TryCreate("Edit", input, response, out var diff));

        Assert.Equal(DiffSource.OriginalFile, diff.Source);
        Assert.Equal(2, diff.Hunks.Single().Lines.Single(l => l.Op == DiffOp.Delete).OldLine);
    }

    [Fact]
    public void No_newline_markers_in_a_structured_patch_belong_to_the_line_before()
    {
        var input = Json("""{"file_path":"f","old_string":"b","new_string":"B"}""");
        var response = Json("""{"structuredPatch":[{"oldStart":1,"oldLines":2,"newStart":1,"newLines":2,"lines":[" a","-b","\\ No newline at end of file","+B","\\ No newline at end of file"]}]}""");

        Assert.True(EditDiff.TryCreate("Edit", input, response, out var diff));

        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+B\n\\ No newline at end of file\n", diff.Text);
    }

    [Fact]
    public void Snippet_diffs_number_lines_from_the_snippet()
    {
        Assert.True(EditDiff.TryCreate("Edit", Json("""{"file_path":"f","old_string":"x\ny","new_string":"x\nz"}"""), null, out var diff));

        Assert.True(diff.IsSnippetRelative);
        Assert.Equal(2, diff.Hunks.Single().Lines.Single(l => l.Op == DiffOp.Delete).OldLine);
    }
}
