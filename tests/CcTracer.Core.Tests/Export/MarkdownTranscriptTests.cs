using CcTracer.TestKit;
using Xunit;

namespace CcTracer.Core.Tests.Export;

public sealed class MarkdownTranscriptTests : IDisposable
{
    private readonly string _dir = ExportFiles.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_main_conversation_and_the_subagent_are_separate_threads()
    {
        var md = await ExportFiles.MarkdownAsync(MarkedSession.Write(_dir));

        var main = md.IndexOf("## Main conversation", StringComparison.Ordinal);
        var sub = md.IndexOf("## Subagent `" + MarkedSession.AgentId + "`", StringComparison.Ordinal);
        Assert.True(main >= 0 && sub > main, md);
        Assert.True(md.IndexOf(MarkedSession.SubagentPrompt, StringComparison.Ordinal) > sub);
        Assert.True(md.IndexOf(MarkedSession.Answer, StringComparison.Ordinal) is var answer && answer > main && answer < sub, "the main thread's second call continues under its own heading");
    }

    [Fact]
    public async Task Each_message_appears_once_although_every_request_repeats_the_conversation()
    {
        var md = await ExportFiles.MarkdownAsync(MarkedSession.Write(_dir));

        Assert.Equal(1, Count(md, MarkedSession.Prompt));
        Assert.Equal(1, Count(md, MarkedSession.Answer));
        Assert.Equal(1, Count(md, "**Tool call: Bash** `toolu_01`"));
    }

    [Fact]
    public async Task Tool_calls_show_their_input_results_are_cut_and_thinking_is_collapsed()
    {
        var md = await ExportFiles.MarkdownAsync(MarkedSession.Write(_dir));

        Assert.Contains("echo " + MarkedSession.ToolInput, md, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Tool result `toolu_01`</summary>", md, StringComparison.Ordinal);
        Assert.Contains(MarkedSession.ToolResult, md, StringComparison.Ordinal);
        Assert.Contains("line 39", md, StringComparison.Ordinal);
        Assert.DoesNotContain("line 150", md, StringComparison.Ordinal);
        Assert.Contains("more lines)", md, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Thinking</summary>\n\n" + MarkedSession.Thinking, md, StringComparison.Ordinal);
        Assert.Contains("61 out", md, StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
