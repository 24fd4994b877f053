using System.Text;
using System.Text.Json;
using CcTracer.Hooks;
using Xunit;

namespace CcTracer.Core.Tests.Hooks;

public sealed class EditDiffTests
{
    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static string Input(object o) => JsonSerializer.Serialize(o);

    [Fact]
    public void Edit_without_the_file_diffs_the_snippets()
    {
        var input = Json(Input(new { file_path = "/home/dev/project/greet.py", old_string = "print('hi')", new_string = "print('hello')\nprint('bye')" }));

        Assert.True(EditDiff.TryCreate("Edit", input, null, out var diff));

        Assert.Equal(
            "--- a/home/dev/project/greet.py\n" +
            "+++ b/home/dev/project/greet.py\n" +
            "@@ -1,1 +1,2 @@\n" +
            "-print('hi')\n" +
            "+print('hello')\n" +
            "+print('bye')\n",
            diff.Text);
        Assert.Equal(2, diff.AddedLines);
        Assert.Equal(1, diff.RemovedLines);
        Assert.True(diff.IsSnippetRelative);
        Assert.Equal("/home/dev/project/greet.py", diff.Path);
    }

    [Fact]
    public void Edit_with_original_file_in_the_response_has_real_line_numbers_and_context()
    {
        var original = string.Concat(Enumerable.Range(1, 10).Select(i => $"line {i}\n"));
        var input = Json(Input(new { file_path = "src/a.txt", old_string = "line 6\n", new_string = "line six\n", replace_all = false }));
        var response = Json(Input(new { filePath = "src/a.txt", originalFile = original }));

        Assert.True(EditDiff.TryCreate("Edit", input, response, out var diff));

        Assert.Equal(
            "--- a/src/a.txt\n" +
            "+++ b/src/a.txt\n" +
            "@@ -3,7 +3,7 @@\n" +
            " line 3\n" +
            " line 4\n" +
            " line 5\n" +
            "-line 6\n" +
            "+line six\n" +
            " line 7\n" +
            " line 8\n" +
            " line 9\n",
            diff.Text);
        Assert.False(diff.IsSnippetRelative);
    }

    [Fact]
    public void Edit_replace_all_changes_every_occurrence_and_splits_far_apart_hunks()
    {
        var original = "x\n" + string.Concat(Enumerable.Range(1, 8).Select(i => $"k{i}\n")) + "x\n";
        var input = Json(Input(new { file_path = "f", old_string = "x\n", new_string = "y\n", replace_all = true }));
        var response = Json(Input(new { originalFile = original }));

        Assert.True(EditDiff.TryCreate("Edit", input, response, out var diff));

        Assert.Equal(
            "--- a/f\n+++ b/f\n" +
            "@@ -1,4 +1,4 @@\n-x\n+y\n k1\n k2\n k3\n" +
            "@@ -7,4 +7,4 @@\n k6\n k7\n k8\n-x\n+y\n",
            diff.Text);
        Assert.Equal(2, diff.AddedLines);
        Assert.Equal(2, diff.RemovedLines);
    }

    [Fact]
    public void MultiEdit_applies_edits_in_order_to_the_original_file()
    {
        var input = Json(Input(new
        {
            file_path = "/p/m.cs",
            edits = new object[]
            {
                new { old_string = "a", new_string = "A" },
                new { old_string = "A\nb", new_string = "A\nB" },
            },
        }));
        var response = Json(Input(new { originalFileContents = "a\nb\nc\n" }));

        Assert.True(EditDiff.TryCreate("MultiEdit", input, response, out var diff));

        Assert.Equal(
            "--- a/p/m.cs\n+++ b/p/m.cs\n" +
            "@@ -1,3 +1,3 @@\n-a\n-b\n+A\n+B\n c\n",
            diff.Text);
    }

    [Fact]
    public void MultiEdit_without_the_file_has_one_hunk_per_edit()
    {
        var input = Json(Input(new
        {
            file_path = "/p/m.cs",
            edits = new object[]
            {
                new { old_string = "int x = 1;", new_string = "int x = 2;" },
                new { old_string = "return x;", new_string = "return x + 1;" },
            },
        }));

        Assert.True(EditDiff.TryCreate("MultiEdit", input, null, out var diff));

        Assert.Equal(
            "--- a/p/m.cs\n+++ b/p/m.cs\n" +
            "@@ -1,1 +1,1 @@\n-int x = 1;\n+int x = 2;\n" +
            "@@ -1,1 +1,1 @@\n-return x;\n+return x + 1;\n",
            diff.Text);
        Assert.True(diff.IsSnippetRelative);
    }

    [Fact]
    public void Write_without_original_diffs_from_empty()
    {
        var input = Json(Input(new { file_path = "/tmp/new.txt", content = "one\ntwo\n" }));

        Assert.True(EditDiff.TryCreate("Write", input, null, out var diff));

        Assert.Equal("--- a/tmp/new.txt\n+++ b/tmp/new.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n", diff.Text);
        Assert.Equal(2, diff.AddedLines);
        Assert.Equal(0, diff.RemovedLines);
    }

    [Fact]
    public void Write_over_an_existing_file_diffs_against_original_file()
    {
        var input = Json(Input(new { file_path = "w.txt", content = "one\n2\nthree" }));
        var response = Json(Input(new { type = "update", filePath = "w.txt", originalFile = "one\ntwo\nthree\n" }));

        Assert.True(EditDiff.TryCreate("Write", input, response, out var diff));

        Assert.Equal(
            "--- a/w.txt\n+++ b/w.txt\n" +
            "@@ -1,3 +1,3 @@\n one\n-two\n-three\n+2\n+three\n\\ No newline at end of file\n",
            diff.Text);
    }

    [Fact]
    public void Identical_texts_give_an_empty_diff()
    {
        var diff = EditDiff.Create("same", "a\nb\n", "a\nb\n");

        Assert.Equal(string.Empty, diff.Text);
        Assert.Equal(0, diff.AddedLines);
    }

    [Fact]
    public void Other_tools_and_incomplete_inputs_give_no_diff()
    {
        Assert.False(EditDiff.TryCreate("Bash", Json("""{"command":"ls"}"""), null, out _));
        Assert.False(EditDiff.TryCreate("Edit", Json("""{"file_path":"x"}"""), null, out _));
        Assert.False(EditDiff.TryCreate("Write", Json("""[1]"""), null, out _));
    }

    [Fact]
    public void Line_diff_is_minimal_for_interleaved_changes()
    {
        var diff = EditDiff.Create("f", "a\nb\nc\nd\ne\n", "a\nc\nd\nx\ne\n");

        Assert.Equal("--- a/f\n+++ b/f\n@@ -1,5 +1,5 @@\n a\n-b\n c\n d\n+x\n e\n", diff.Text);
        Assert.Equal(1, diff.AddedLines);
        Assert.Equal(1, diff.RemovedLines);
    }

    [Fact]
    public void Random_edits_produce_diffs_that_apply_back_to_the_new_text()
    {
        var random = new Random(42);
        for (var round = 0; round < 200; round++)
        {
            var old = Enumerable.Range(0, random.Next(0, 30)).Select(_ => "l" + random.Next(0, 6)).ToList();
            var @new = Enumerable.Range(0, random.Next(0, 30)).Select(_ => "l" + random.Next(0, 6)).ToList();
            var oldText = string.Concat(old.Select(l => l + "\n"));
            var newText = string.Concat(@new.Select(l => l + "\n"));

            var diff = EditDiff.Create("f", oldText, newText);

            Assert.Equal(newText, Apply(oldText, diff.Text));
            Assert.Equal(diff.AddedLines, diff.Text.Split('\n').Count(l => l.StartsWith('+') && !l.StartsWith("+++", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Huge_inputs_fall_back_to_whole_replacement()
    {
        var oldText = string.Concat(Enumerable.Range(0, 6000).Select(i => $"old {i}\n"));
        var newText = string.Concat(Enumerable.Range(0, 6000).Select(i => $"new {i}\n"));

        var diff = EditDiff.Create("big", oldText, newText);

        Assert.True(diff.IsWholeReplacement);
        Assert.Equal(6000, diff.AddedLines);
        Assert.Equal(6000, diff.RemovedLines);
        Assert.Equal(newText, Apply(oldText, diff.Text));
    }

    /// <summary>A minimal patch applier: checks hunk headers and context against the old text.</summary>
    private static string Apply(string oldText, string diffText)
    {
        var old = oldText.Length == 0 ? [] : oldText.Split('\n').ToList();
        if (oldText.EndsWith('\n'))
        {
            old.RemoveAt(old.Count - 1);
        }

        if (diffText.Length == 0)
        {
            return oldText;
        }

        var result = new List<string>();
        var lines = diffText.Split('\n');
        var oldIndex = 0;
        var i = 2;
        while (i < lines.Length && lines[i].StartsWith("@@", StringComparison.Ordinal))
        {
            var parts = lines[i].Split(' ');
            var oldStart = int.Parse(parts[1][1..].Split(',')[0]);
            var oldCount = int.Parse(parts[1].Split(',')[1]);
            var copyUntil = oldCount == 0 ? oldStart : oldStart - 1;
            while (oldIndex < copyUntil)
            {
                result.Add(old[oldIndex++]);
            }

            i++;
            while (i < lines.Length && lines[i].Length > 0 && !lines[i].StartsWith("@@", StringComparison.Ordinal))
            {
                var body = lines[i][1..];
                switch (lines[i][0])
                {
                    case ' ':
                        Assert.Equal(old[oldIndex], body);
                        result.Add(body);
                        oldIndex++;
                        break;
                    case '-':
                        Assert.Equal(old[oldIndex], body);
                        oldIndex++;
                        break;
                    case '+':
                        result.Add(body);
                        break;
                }

                i++;
            }
        }

        while (oldIndex < old.Count)
        {
            result.Add(old[oldIndex++]);
        }

        var text = new StringBuilder();
        foreach (var l in result)
        {
            text.Append(l).Append('\n');
        }

        return text.ToString();
    }
}
